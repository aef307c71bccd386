"""Bookings: one visit at one of the customer's addresses."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.core.counter_triggers import Counter
from otesse.models.base import Base, TenantScoped, Timestamped, UtcDateTime, mode_check


class Booking(TenantScoped, Timestamped, Base):
    __tablename__ = "bookings"
    __table_args__ = (
        mode_check(),
        Index("ix_bookings_scheduled", "account_id", "mode", "scheduled_at", "id"),
        # The list by status: its total and its pages from the index alone (migration 0016).
        Index("ix_bookings_status_scheduled", "account_id", "mode", "status", "scheduled_at", "id"),
        Index("ix_bookings_customer_scheduled", "customer_id", "scheduled_at", "id"),
        Index("ix_bookings_subscription", "subscription_id"),
        Index("ix_bookings_address", "address_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    address_id: Mapped[str] = mapped_column(String(40), ForeignKey("addresses.id"))
    subscription_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("subscriptions.id"))
    service: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    scheduled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    notes: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BookingCount(Base):
    """How many bookings the tenant has per status and UTC day of `scheduled_at` (migration
    0022): sum `n` over the slots. The Bookings list's total is a sum of these rows, and its
    deep pages start at the day their position falls in (bookings/counted_pages.py). Moved by
    triggers on bookings in the writing transaction, never by application code."""

    __tablename__ = "booking_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    scheduled_day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


# What the triggers of migration 0022 keep, the seed recounts and `otesse stats verify` checks.
BOOKING_COUNTS = Counter(
    table="booking_counts",
    source="bookings",
    key=("account_id", "mode", "status", "scheduled_day"),
    pg_values=(
        "{row}account_id",
        "{row}mode",
        "{row}status",
        "({row}scheduled_at AT TIME ZONE 'UTC')::date",
    ),
    # SQLAlchemy keeps a SQLite timestamp as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC), a date as
    # 'YYYY-MM-DD'.
    sqlite_values=("{row}account_id", "{row}mode", "{row}status", "date({row}scheduled_at)"),
    watched=("account_id", "mode", "status", "scheduled_at"),
)
