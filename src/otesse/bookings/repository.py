"""Every query on bookings."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.bookings import counted_pages
from otesse.core.queries import fetch_page
from otesse.models import Address, Booking
from otesse.models.base import utcnow

OPEN_STATUSES = ("scheduled", "confirmed")


@dataclass(frozen=True, slots=True)
class BookingFilters:
    status: str | None = None
    customer_id: str | None = None
    zone_id: str | None = None
    subscription_id: str | None = None
    scheduled_after: datetime | None = None
    scheduled_before: datetime | None = None
    created_after: datetime | None = None
    sort: str = "-scheduled_at"

    @property
    def kept_by_counters(self) -> bool:
        """Whether booking_counts answers this list's total and positions its pages: no
        filter but status and the scheduled_at bounds (and the order). Any other is counted
        from the matches."""
        return (
            self.customer_id is None
            and self.zone_id is None
            and self.subscription_id is None
            and self.created_after is None
        )

    @property
    def newest_first(self) -> bool:
        return self.sort != "scheduled_at"


def _future_open(customer_id: str, now: datetime) -> tuple[Any, ...]:
    return (
        Booking.customer_id == customer_id,
        Booking.status.in_(OPEN_STATUSES),
        Booking.scheduled_at > now,
    )


async def future_open_bookings(session: AsyncSession, *, customer_id: str) -> list[Booking]:
    """The bookings :func:`cancel_future_bookings` would cancel now (for their events)."""
    found = await session.scalars(
        select(Booking).where(*_future_open(customer_id, utcnow())).order_by(Booking.id)
    )
    return list(found)


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


async def find_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> Booking | None:
    return await session.scalar(
        select(Booking).where(
            Booking.id == booking_id,
            Booking.account_id == principal.account_id,
            Booking.mode == principal.mode,
        )
    )


async def transition(
    session: AsyncSession,
    principal: Principal,
    booking_id: str,
    *,
    allowed_from: Collection[str],
    values: dict[str, Any],
) -> Row[str, datetime] | None:
    """Apply ``values`` only if the booking is in one of ``allowed_from``: one conditional
    UPDATE, so of two concurrent transitions only one finds the row still eligible.
    Answers (customer_id, scheduled_at) as written, or None when nothing changed."""
    result = await session.execute(
        update(Booking)
        .where(
            Booking.id == booking_id,
            Booking.account_id == principal.account_id,
            Booking.mode == principal.mode,
            Booking.status.in_(allowed_from),
        )
        .values(**values, updated_at=utcnow())
        .returning(Booking.customer_id, Booking.scheduled_at)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none()


async def list_bookings(
    session: AsyncSession, principal: Principal, filters: BookingFilters, *, offset: int, limit: int
) -> tuple[Sequence[Booking], int]:
    if filters.kept_by_counters:
        kept = counted_pages.Kept(
            account_id=principal.account_id,
            mode=principal.mode,
            status=filters.status,
            after=filters.scheduled_after,
            before=filters.scheduled_before,
            newest_first=filters.newest_first,
        )
        return await counted_pages.page(session, kept, offset=offset, limit=limit)
    conditions: list[Any] = [
        Booking.account_id == principal.account_id,
        Booking.mode == principal.mode,
    ]
    for column, value in (
        (Booking.status, filters.status),
        (Booking.customer_id, filters.customer_id),
        (Booking.subscription_id, filters.subscription_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.zone_id is not None:
        conditions.append(
            Booking.address_id.in_(select(Address.id).where(Address.zone_id == filters.zone_id))
        )
    if filters.scheduled_after is not None:
        conditions.append(Booking.scheduled_at > filters.scheduled_after)
    if filters.scheduled_before is not None:
        conditions.append(Booking.scheduled_at < filters.scheduled_before)
    if filters.created_after is not None:
        conditions.append(Booking.created_at > filters.created_after)
    order = counted_pages.list_order(newest_first=filters.newest_first)
    return await fetch_page(
        session, Booking, conditions, order_by=order, offset=offset, limit=limit
    )
