"""Every query on bookings."""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Booking
from otesse.models.base import utcnow

OPEN_STATUSES = ("scheduled", "confirmed")


async def cancel_future_bookings(session: AsyncSession, *, customer_id: str) -> int:
    """Cancel the customer's bookings still to come (a deactivated customer keeps none).

    Cancelled bookings never counted in the stats, so the customer row is left alone.
    """
    now = utcnow()
    result = await session.execute(
        update(Booking)
        .where(
            Booking.customer_id == customer_id,
            Booking.status.in_(OPEN_STATUSES),
            Booking.scheduled_at > now,
        )
        .values(status="cancelled", cancelled_at=now, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
