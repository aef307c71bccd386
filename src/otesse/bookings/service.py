"""Booking rules: who may be booked where, the status flow, and the stats a completion moves.

scheduled -> confirmed -> in_progress -> completed, with shortcuts (a scheduled booking may be
completed directly); scheduled or confirmed -> cancelled. Every transition is a conditional
UPDATE taken after the customer's row lock, so racing requests see one winner and the loser a
409 that changed nothing.
"""

from collections.abc import Collection
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.bookings import repository
from otesse.bookings.repository import OPEN_STATUSES, BookingFilters
from otesse.bookings.schemas import BookingCreate, BookingUpdate
from otesse.core import events
from otesse.core.errors import Conflict, InvalidRequest, NotFound
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.models import Booking, Customer, Subscription
from otesse.models.base import utcnow
from otesse.stats import owners
from otesse.stats import repository as stats

# The statuses each action may start from.
CONFIRMABLE = ("scheduled",)
STARTABLE = ("scheduled", "confirmed")
COMPLETABLE = ("scheduled", "confirmed", "in_progress")
CANCELLABLE = OPEN_STATUSES
EDITABLE = OPEN_STATUSES
# The event each action writes (confirming and starting are updates of the booking).
EVENT_OF_ACTION = {
    "changed": "booking.updated",
    "confirmed": "booking.updated",
    "started": "booking.updated",
    "completed": "booking.completed",
    "cancelled": "booking.cancelled",
}


def render_booking(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.id,
        "customer_id": booking.customer_id,
        "address_id": booking.address_id,
        "subscription_id": booking.subscription_id,
        "service": booking.service,
        "status": booking.status,
        "scheduled_at": timestamp(booking.scheduled_at),
        "duration_minutes": booking.duration_minutes,
        "price": booking.price,
        "currency": booking.currency,
        "notes": booking.notes,
        "completed_at": timestamp(booking.completed_at),
        "cancelled_at": timestamp(booking.cancelled_at),
        "created_at": timestamp(booking.created_at),
        "updated_at": timestamp(booking.updated_at),
    }


async def create_booking(
    session: AsyncSession, principal: Principal, body: BookingCreate
) -> dict[str, Any]:
    await owners.customer_for_new_work(session, principal, body.customer_id)
    await owners.find_customer_address(
        session, principal, customer_id=body.customer_id, address_id=body.address_id
    )
    if body.subscription_id is not None:
        await _customer_subscription(session, principal, body.customer_id, body.subscription_id)
    booking = Booking(
        id=new_id("bkg"),
        account_id=principal.account_id,
        mode=principal.mode,
        status="scheduled",
        **body.model_dump(),
    )
    session.add(booking)
    await session.flush()
    rendered = render_booking(booking)
    await events.record_resource(session, booking, "booking.created", rendered)
    return rendered


async def cancel_future_bookings(session: AsyncSession, customer: Customer) -> None:
    """Cancel a (locked) customer's bookings still to come, each with its event."""
    bookings = await repository.future_open_bookings(session, customer_id=customer.id)
    before = [render_booking(booking) for booking in bookings]
    await repository.cancel_future_bookings(session, customer_id=customer.id)
    for booking, old in zip(bookings, before, strict=True):
        await session.refresh(booking)
        # One scheduled in the instant between the two reads was not cancelled.
        if booking.status == "cancelled":
            await events.record_resource(
                session, booking, "booking.cancelled", render_booking(booking), old
            )


async def get_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> dict[str, Any]:
    return render_booking(await _booking_or_404(session, principal, booking_id))


async def update_booking(
    session: AsyncSession, principal: Principal, booking_id: str, body: BookingUpdate
) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    for field in ("scheduled_at", "duration_minutes"):
        if field in values and values[field] is None:
            raise InvalidRequest(f"{field} cannot be null.", code="parameter_invalid", param=field)
    return await _transition(
        session, principal, booking_id, allowed_from=EDITABLE, values=values, action="changed"
    )


async def confirm_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> dict[str, Any]:
    return await _transition(
        session,
        principal,
        booking_id,
        allowed_from=CONFIRMABLE,
        values={"status": "confirmed"},
        action="confirmed",
    )


async def start_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> dict[str, Any]:
    return await _transition(
        session,
        principal,
        booking_id,
        allowed_from=STARTABLE,
        values={"status": "in_progress"},
        action="started",
    )


async def complete_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> dict[str, Any]:
    return await _transition(
        session,
        principal,
        booking_id,
        allowed_from=COMPLETABLE,
        values={"status": "completed", "completed_at": utcnow()},
        action="completed",
        counts_as_completed=True,
    )


async def cancel_booking(
    session: AsyncSession, principal: Principal, booking_id: str
) -> dict[str, Any]:
    return await _transition(
        session,
        principal,
        booking_id,
        allowed_from=CANCELLABLE,
        values={"status": "cancelled", "cancelled_at": utcnow()},
        action="cancelled",
    )


async def list_bookings(
    session: AsyncSession, principal: Principal, filters: BookingFilters, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    bookings, total = await repository.list_bookings(
        session, principal, filters, offset=offset, limit=limit
    )
    return [render_booking(booking) for booking in bookings], total


async def _transition(
    session: AsyncSession,
    principal: Principal,
    booking_id: str,
    *,
    allowed_from: Collection[str],
    values: dict[str, Any],
    action: str,
    counts_as_completed: bool = False,
) -> dict[str, Any]:
    booking = await _booking_or_404(session, principal, booking_id)
    await owners.lock_customer(session, principal, booking.customer_id)
    # Read again after the lock: what this change starts from, for its event.
    await session.refresh(booking)
    before = render_booking(booking)
    written = await repository.transition(
        session, principal, booking_id, allowed_from=allowed_from, values=values
    )
    await session.refresh(booking)
    if written is None:
        raise Conflict(
            f"Booking '{booking_id}' is {booking.status}; it cannot be {action} "
            f"(only from {' or '.join(allowed_from)}).",
            code="booking_status_invalid",
        )
    if counts_as_completed:
        await stats.record_booking_completed(
            session, customer_id=written.customer_id, scheduled_at=written.scheduled_at
        )
    rendered = render_booking(booking)
    await events.record_resource(session, booking, EVENT_OF_ACTION[action], rendered, before)
    return rendered


async def _booking_or_404(session: AsyncSession, principal: Principal, booking_id: str) -> Booking:
    booking = await repository.find_booking(session, principal, booking_id)
    if booking is None:
        raise NotFound(f"No such booking: '{booking_id}'.")
    return booking


async def _customer_subscription(
    session: AsyncSession, principal: Principal, customer_id: str, subscription_id: str
) -> None:
    subscription = await session.get(Subscription, subscription_id)
    if (
        subscription is None
        or subscription.customer_id != customer_id
        or subscription.account_id != principal.account_id
        or subscription.mode != principal.mode
    ):
        raise NotFound(
            f"Customer '{customer_id}' has no subscription '{subscription_id}'.",
            param="subscription_id",
        )
