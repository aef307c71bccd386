"""The transactional outbox (messages to send after commit) and invitation tokens."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, UtcDateTime, mode_check, utcnow


class OutboxMessage(TenantScoped, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        mode_check(),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    # JSON; holds what the sender needs and nothing it can re-read from the database.
    payload: Mapped[str] = mapped_column(Text)
    # pending -> sending (claimed under a lease) -> sent | dead
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(Text)
    # The same Message-ID on every attempt, so a resend after a crash can be recognised.
    message_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Invitation(TenantScoped, Base):
    __tablename__ = "invitations"
    __table_args__ = (mode_check(), Index("ix_invitations_customer", "customer_id"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    # SHA-256 of the token, written by the worker that derives and sends it (null until then):
    # the token itself is never stored (docs/invitations.md).
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Set when a newer invitation replaces this one; its token then stops working.
    superseded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set once, when the customer accepts it on the invitation page; the link then only says so.
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
