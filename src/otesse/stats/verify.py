"""Recompute every customer's stats, and the counters triggers keep, from the source rows and
list where the stored ones differ.

This is the audit behind ``otesse stats verify``: it scans history on purpose, the API never does.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import PerDialect
from otesse.core.json import timestamp
from otesse.models import Booking, Customer, Invoice, Subscription
from otesse.models.bookings import BOOKING_COUNTS


@dataclass(frozen=True, slots=True)
class StatDifference:
    customer_id: str
    field: str
    stored: Any
    expected: Any

    def describe(self) -> str:
        return f"{self.customer_id}\t{self.field}\tstored={self.stored}\texpected={self.expected}"


@dataclass(frozen=True, slots=True)
class CounterDifference:
    """A counter row's key whose kept sum is not the count of its source rows."""

    table: str
    key: tuple[Any, ...]
    kept: int
    counted: int

    def describe(self) -> str:
        key = "/".join(str(value) for value in self.key)
        return f"{self.table}\t{key}\tkept={self.kept}\tcounted={self.counted}"


# The counters a trigger keeps (core/counter_triggers.py), each checked by one grouped pass.
COUNTERS = (BOOKING_COUNTS,)
COUNTER_DIFFERENCES = PerDialect(
    sqlite=[(c.table, c.differences(postgresql=False)) for c in COUNTERS],
    postgresql=[(c.table, c.differences(postgresql=True)) for c in COUNTERS],
)


async def find_counter_differences(session: AsyncSession) -> list[CounterDifference]:
    differences = []
    for table, statement in COUNTER_DIFFERENCES.of(session):
        for *key, kept, counted in await session.execute(text(statement)):
            differences.append(CounterDifference(table, tuple(key), int(kept), int(counted)))
    return differences


async def find_stat_differences(session: AsyncSession) -> list[StatDifference]:
    completed = (
        select(
            Booking.customer_id,
            func.count().label("count"),
            func.max(Booking.scheduled_at).label("latest"),
        )
        .where(Booking.status == "completed")
        .group_by(Booking.customer_id)
        .subquery()
    )
    spent = (
        select(Invoice.customer_id, func.sum(Invoice.amount_paid).label("total"))
        .group_by(Invoice.customer_id)
        .subquery()
    )
    active = (
        select(Subscription.customer_id, func.count().label("count"))
        .where(Subscription.status == "active")
        .group_by(Subscription.customer_id)
        .subquery()
    )
    # Streamed: a million customers are compared without holding them all in memory.
    rows = await session.stream(
        select(
            Customer.id,
            Customer.total_bookings,
            Customer.total_spent,
            Customer.last_booking_at,
            Customer.active_subscriptions,
            Customer.active_subscription,
            func.coalesce(completed.c.count, 0),
            func.coalesce(spent.c.total, 0),
            completed.c.latest,
            func.coalesce(active.c.count, 0),
        )
        .outerjoin(completed, completed.c.customer_id == Customer.id)
        .outerjoin(spent, spent.c.customer_id == Customer.id)
        .outerjoin(active, active.c.customer_id == Customer.id)
        .order_by(Customer.id)
    )
    differences: list[StatDifference] = []
    async for row in rows:
        customer_id, *stored_and_expected = row
        differences.extend(_compare(customer_id, *stored_and_expected))
    return differences


def _compare(
    customer_id: str,
    total_bookings: int,
    total_spent: int,
    last_booking_at: datetime | None,
    active_subscriptions: int,
    active_subscription: bool,
    completed: int,
    spent: int,
    latest: Any,
    active: int,
) -> list[StatDifference]:
    # The aggregate comes back untyped (a string on SQLite): compare on the wire format.
    latest_text = _as_timestamp(latest)
    pairs = [
        ("total_bookings", total_bookings, int(completed)),
        ("total_spent", total_spent, int(spent)),
        ("last_booking_at", timestamp(last_booking_at), latest_text),
        ("active_subscriptions", active_subscriptions, int(active)),
        ("active_subscription", bool(active_subscription), int(active) > 0),
    ]
    return [
        StatDifference(customer_id, field, stored, expected)
        for field, stored, expected in pairs
        if stored != expected
    ]


def _as_timestamp(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return timestamp(value)
