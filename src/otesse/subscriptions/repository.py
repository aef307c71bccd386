"""Every query on subscriptions."""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Customer, Subscription
from otesse.models.base import utcnow


async def cancel_active_subscriptions(session: AsyncSession, *, customer_id: str) -> int:
    """Cancel every active subscription of the customer and clear its subscription stat,
    in the caller's transaction."""
    now = utcnow()
    result = await session.execute(
        update(Subscription)
        .where(Subscription.customer_id == customer_id, Subscription.status == "active")
        .values(status="cancelled", cancelled_at=now, updated_at=now)
    )
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(active_subscriptions=0, active_subscription=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
