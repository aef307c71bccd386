"""The customer's summary statistics, moved by atomic SQL in the caller's transaction.

Each function is one ``UPDATE customers SET x = x + ...`` so concurrent changes to one customer
add up exactly; nothing here reads a customer's history.
"""

from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Booking, Customer, Invoice, Subscription
from otesse.models.base import utcnow


async def record_booking_completed(
    session: AsyncSession, *, customer_id: str, scheduled_at: datetime
) -> None:
    """One more completed booking; last_booking_at becomes the later of the two times."""
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(
            total_bookings=Customer.total_bookings + 1,
            last_booking_at=case(
                (Customer.last_booking_at.is_(None), scheduled_at),
                (Customer.last_booking_at < scheduled_at, scheduled_at),
                else_=Customer.last_booking_at,
            ),
            updated_at=utcnow(),
        )
    )


async def record_payment(session: AsyncSession, *, customer_id: str, amount: int) -> None:
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(total_spent=Customer.total_spent + amount, updated_at=utcnow())
    )


async def subscription_became_active(session: AsyncSession, *, customer_id: str) -> None:
    await _move_active_subscriptions(session, customer_id=customer_id, by=1)


async def subscription_became_inactive(session: AsyncSession, *, customer_id: str) -> None:
    await _move_active_subscriptions(session, customer_id=customer_id, by=-1)


async def _move_active_subscriptions(session: AsyncSession, *, customer_id: str, by: int) -> None:
    # SET expressions read the row as it was before the UPDATE, so the flag is computed from
    # the old count plus the same step.
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(
            active_subscriptions=Customer.active_subscriptions + by,
            active_subscription=(Customer.active_subscriptions + by) > 0,
            updated_at=utcnow(),
        )
    )


async def recompute(session: AsyncSession, *, customer_id: str) -> None:
    """Set the customer's stats from its rows, as ``otesse stats verify`` computes them
    (stats/verify.py): after a merge moved bookings, invoices and subscriptions onto it.
    The caller holds the customer's row lock, so no concurrent change moves them meanwhile."""
    completed = (Booking.customer_id == customer_id) & (Booking.status == "completed")
    active = select(func.count()).where(
        Subscription.customer_id == customer_id, Subscription.status == "active"
    )
    await session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(
            total_bookings=select(func.count()).where(completed).scalar_subquery(),
            total_spent=select(func.coalesce(func.sum(Invoice.amount_paid), 0))
            .where(Invoice.customer_id == customer_id)
            .scalar_subquery(),
            last_booking_at=select(func.max(Booking.scheduled_at))
            .where(completed)
            .scalar_subquery(),
            active_subscriptions=active.scalar_subquery(),
            active_subscription=active.scalar_subquery() > 0,
            updated_at=utcnow(),
        )
    )
