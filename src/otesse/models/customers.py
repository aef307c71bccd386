"""Customers and their addresses, with the summary statistics kept on the customer row."""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import (
    Base,
    TenantScoped,
    Timestamped,
    UniqueConflict,
    UtcDateTime,
    mode_check,
)

# The customers a list without a status filter shows (customers/filters.HIDDEN_STATUS).
LISTED = "status <> 'erased'"


class Customer(TenantScoped, Timestamped, Base):
    __tablename__ = "customers"
    __table_args__ = (
        mode_check(),
        # Email is unique per account and mode, case-insensitively: email_key is its lower case.
        Index(
            "uq_customers_email",
            "account_id",
            "mode",
            "email_key",
            unique=True,
            info={
                "conflict": UniqueConflict(
                    code="email_taken",
                    param="email",
                    message="A customer with the email {email} already exists.",
                )
            },
        ),
        # Lists without a status filter leave erased customers out (customers/filters.py): on
        # PostgreSQL these two indexes hold only the others, so a deep page still skips its
        # OFFSET in the index alone (migration 0009). SQLite binds the status as a parameter,
        # which a partial index cannot serve: there they stay whole.
        Index(
            "ix_customers_newest",
            "account_id",
            "mode",
            "created_at",
            "id",
            postgresql_where=text(LISTED),
        ),
        Index("ix_customers_status_newest", "account_id", "mode", "status", "created_at", "id"),
        Index(
            "ix_customers_subscribed_newest",
            "account_id",
            "mode",
            "active_subscription",
            "created_at",
            "id",
            postgresql_where=text(LISTED),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="active")
    preferred_contact: Mapped[str] = mapped_column(String(5), default="email")
    marketing_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # Lower-cased "first last last first email phone-digits": what `search` matches against.
    search_text: Mapped[str] = mapped_column(Text)

    # Summary statistics, moved in the same transaction as the booking, invoice or
    # subscription change that changes them (never recomputed on read).
    total_bookings: Mapped[int] = mapped_column(Integer, default=0)
    total_spent: Mapped[int] = mapped_column(BigInteger, default=0)
    last_booking_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active_subscriptions: Mapped[int] = mapped_column(Integer, default=0)
    active_subscription: Mapped[bool] = mapped_column(Boolean, default=False)

    # The invitation email: whether one was asked for, and where its delivery stands.
    send_invitation: Mapped[bool] = mapped_column(Boolean, default=True)
    invitation_status: Mapped[str | None] = mapped_column(String(10))
    invitation_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    # When the person's data was erased on request (status `erased`; docs/privacy.md).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Address(TenantScoped, Timestamped, Base):
    __tablename__ = "addresses"
    __table_args__ = (
        mode_check(),
        Index("ix_addresses_customer", "customer_id"),
        # Exactly one default per customer: the database refuses a second one.
        Index(
            "uq_addresses_one_default",
            "customer_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
        Index("ix_addresses_zone_customer", "zone_id", "customer_id"),
        Index("ix_addresses_zip", "account_id", "mode", "zip"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    label: Mapped[str | None] = mapped_column(String(100))
    street: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2))
    zip: Mapped[str] = mapped_column(String(10))
    # Sealed at rest (core/sealing.py): "<key id>:<ciphertext>", bound to the address id.
    access_notes: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    zone_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("zones.id"))
