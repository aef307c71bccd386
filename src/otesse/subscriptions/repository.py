"""Every query on subscriptions."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.queries import fetch_page
from otesse.models import Customer, Subscription
from otesse.models.base import utcnow

LIVE_STATUSES = ("active", "paused")


async def live_subscriptions(session: AsyncSession, *, customer_id: str) -> list[Subscription]:
    """The subscriptions :func:`cancel_active_subscriptions` cancels (for their events)."""
    found = await session.scalars(
        select(Subscription)
        .where(Subscription.customer_id == customer_id, Subscription.status.in_(LIVE_STATUSES))
        .order_by(Subscription.id)
    )
    return list(found)


async def cancel_active_subscriptions(session: AsyncSession, *, customer_id: str) -> int:
    """Cancel every active or paused subscription of the customer and clear its subscription
    stat, in the caller's transaction (a deactivated customer keeps no running subscription)."""
    now = utcnow()
    result = await session.execute(
        update(Subscription)
        .where(Subscription.customer_id == customer_id, Subscription.status.in_(LIVE_STATUSES))
        .values(status="cancelled", cancelled_at=now, updated_at=now)
    )
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(active_subscriptions=0, active_subscription=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def find_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> Subscription | None:
    return await session.scalar(
        select(Subscription).where(
            Subscription.id == subscription_id,
            Subscription.account_id == principal.account_id,
            Subscription.mode == principal.mode,
        )
    )


async def transition(
    session: AsyncSession, subscription_id: str, *, from_status: str, values: dict[str, Any]
) -> bool:
    """Apply ``values`` only if the subscription is still ``from_status`` (one conditional
    UPDATE: of two racing requests only one changes the row)."""
    result = await session.execute(
        update(Subscription)
        .where(Subscription.id == subscription_id, Subscription.status == from_status)
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def list_subscriptions(
    session: AsyncSession,
    principal: Principal,
    *,
    customer_id: str | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[Sequence[Subscription], int]:
    conditions: list[Any] = [
        Subscription.account_id == principal.account_id,
        Subscription.mode == principal.mode,
    ]
    if customer_id is not None:
        conditions.append(Subscription.customer_id == customer_id)
    if status is not None:
        conditions.append(Subscription.status == status)
    order = (Subscription.created_at.desc(), Subscription.id.desc())
    return await fetch_page(
        session, Subscription, conditions, order_by=order, offset=offset, limit=limit
    )
