"""Customers and their addresses, with the summary statistics kept on the customer row."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import (
    Base,
    TenantScoped,
    Timestamped,
    UniqueConflict,
    UtcDateTime,
    mode_check,
)

# The customers a list without a status filter shows (customers/filters.UNLISTED_STATUSES),
# written as that filter writes it.
LISTED = "status <> 'merged' AND status <> 'erased'"


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
        # The integrator's own id is unique per account and mode when set (migration 0008).
        Index(
            "uq_customers_external_id",
            "account_id",
            "mode",
            "external_id",
            unique=True,
            sqlite_where=text("external_id IS NOT NULL"),
            postgresql_where=text("external_id IS NOT NULL"),
            info={
                "conflict": UniqueConflict(
                    code="external_id_taken",
                    param="external_id",
                    message="A customer with the external_id {external_id} already exists.",
                )
            },
        ),
        # Lists given no status leave merged and erased customers out (customers/filters.
        # LISTED_ONLY): these two indexes hold only the others, so such a list, and its deep
        # pages, read them alone (migration 0013).
        Index(
            "ix_customers_newest",
            "account_id",
            "mode",
            "created_at",
            "id",
            sqlite_where=text(LISTED),
            postgresql_where=text(LISTED),
        ),
        # The duplicate candidates' lookups (duplicates/repository.py), one index each.
        Index("ix_customers_phone", "account_id", "mode", "phone"),
        Index("ix_customers_email_local", "account_id", "mode", "email_local_key"),
        Index("ix_customers_status_newest", "account_id", "mode", "status", "created_at", "id"),
        Index(
            "ix_customers_subscribed_newest",
            "account_id",
            "mode",
            "active_subscription",
            "created_at",
            "id",
            sqlite_where=text(LISTED),
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
    # The current marketing consent per channel, and whether any is granted: a projection of
    # the consent ledger (consents/service.py rewrites them from the latest records in the
    # transaction that appends one), never written by anything else.
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
    invitation_accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    marketing_email: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_phone: Mapped[bool] = mapped_column(Boolean, default=False)

    # The integrator's records (migration 0008): its own id, its key/value pairs (JSON text
    # written compact, so PostgreSQL embeds the very bytes orjson writes), its labels in the
    # case first written (customer_tags holds their lower-case keys, for the `tag=` filter).
    external_id: Mapped[str | None] = mapped_column(String(255))
    metadata_map: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set when this customer was merged into another (status "merged"); the row is kept, so
    # old references still resolve.
    merged_into: Mapped[str | None] = mapped_column(String(40))
    # customers.search.email_local_key(email): duplicate candidates by email on another domain.
    email_local_key: Mapped[str | None] = mapped_column(String(64))
    # When the person's data was erased on request (status `erased`; docs/privacy.md).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CustomerTag(Base):
    """One tag of one customer, by its case-insensitive key. The `tag=` filter's index is in
    the list's order (account, mode, tag_key, then the customer's created_at and id, newest
    first read backwards): a tag's page and its exact count come from this index alone,
    never from the tenant's customers (migration 0014).

    Two invariants make that exact, kept by customers/records.py (every writer of these rows):
    a merged customer holds no rows here (the merge empties them), so counting rows is
    counting the listed holders; and `customer_created_at` is its customer's `created_at`,
    which nothing changes after the insert."""

    __tablename__ = "customer_tags"
    __table_args__ = (
        PrimaryKeyConstraint("customer_id", "tag_key"),
        mode_check(),
        Index(
            "ix_customer_tags_newest",
            "account_id",
            "mode",
            "tag_key",
            "customer_created_at",
            "customer_id",
        ),
    )

    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    tag_key: Mapped[str] = mapped_column(String(50))
    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"))
    mode: Mapped[str] = mapped_column(String(4))
    customer_created_at: Mapped[datetime] = mapped_column(UtcDateTime)


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


# Duplicate candidates by name and address: the same street line (case-insensitively) in the
# same ZIP code (duplicates/repository.py).
Index(
    "ix_addresses_zip_street",
    Address.account_id,
    Address.mode,
    Address.zip,
    func.lower(Address.street),
)
