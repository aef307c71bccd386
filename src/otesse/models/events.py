"""Events (one per state change, written in the change's transaction), webhook endpoints,
their deliveries and each delivery attempt (docs/webhooks.md)."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, UtcDateTime, mode_check, utcnow


class Event(TenantScoped, Base):
    __tablename__ = "events"
    __table_args__ = (
        mode_check(),
        # The feed's order and its resume point; NULL until the worker numbers it
        # (core/events.py: numbered in commit order, so a reader never skips one).
        Index("ix_events_sequence", "account_id", "mode", "sequence", unique=True),
        Index(
            "ix_events_unnumbered",
            "created_at",
            postgresql_where=text("sequence IS NULL"),
            sqlite_where=text("sequence IS NULL"),
        ),
        Index("ix_events_customer", "account_id", "mode", "customer_id", "sequence"),
        Index("ix_events_created", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(60))
    customer_id: Mapped[str | None] = mapped_column(String(40))
    sequence: Mapped[int | None] = mapped_column(BigInteger)
    # {"object": <the resource as GET answers it>, "previous_attributes": {...}} as JSON.
    data: Mapped[str] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(40))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class WebhookEndpoint(TenantScoped, Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (mode_check(), Index("ix_webhook_endpoints_tenant", "account_id", "mode"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    # JSON array of event types, or ["*"].
    enabled_events: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="enabled")
    # The whsec_ signing secret, AES-GCM encrypted (webhooks/secrets.py): the worker signs
    # with it, so it cannot be hashed. The previous one signs too until it expires.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    previous_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Start of the current run of failed attempts (NULL after a success): 5 days disables it.
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class WebhookDelivery(TenantScoped, Base):
    """One event to one endpoint: claimed under a lease like an outbox row."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        mode_check(),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "created_at"),
        Index("ix_webhook_deliveries_event", "event_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("events.id", ondelete="CASCADE"))
    # pending -> sending (claimed) -> succeeded | pending (retry) | failed (gave up)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookAttempt(TenantScoped, Base):
    """What one try of a delivery got: what GET /v1/webhook_endpoints/:id/deliveries lists."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        mode_check(),
        Index("ix_webhook_attempts_endpoint", "endpoint_id", "created_at"),
        # A delivery's attempts go with it (deleting an endpoint, pruning events): without
        # this, each deleted delivery scanned the table (migration 0019).
        Index("ix_webhook_attempts_delivery", "delivery_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    endpoint_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[str] = mapped_column(String(40))
    attempt: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    next_retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
