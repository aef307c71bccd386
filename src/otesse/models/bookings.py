"""Bookings: one visit at one of the customer's addresses."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
