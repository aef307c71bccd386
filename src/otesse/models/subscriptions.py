"""Subscriptions: a recurring service at one of the customer's addresses."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, Timestamped, UtcDateTime, mode_check


class Subscription(TenantScoped, Timestamped, Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        mode_check(),
        Index("ix_subscriptions_newest", "account_id", "mode", "created_at", "id"),
        Index("ix_subscriptions_customer", "customer_id"),
        # Deleting an address checks its subscriptions (migration 0003).
        Index("ix_subscriptions_address", "address_id"),
        Index(
            "ix_subscriptions_active_customer",
            "customer_id",
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    address_id: Mapped[str] = mapped_column(String(40), ForeignKey("addresses.id"))
    service: Mapped[str] = mapped_column(String(40))
    frequency: Mapped[str] = mapped_column(String(10))
    price: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    start_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active")
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
