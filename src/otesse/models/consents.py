"""The consent ledger: what a customer agreed to (or withdrew), when, where and as worded.

Append-only: the database refuses UPDATE and DELETE of a record (triggers of migration
0007), on both engines. The one exception is erasure (the privacy issue): a transaction that
first inserts the customer's id into ``consent_erasures`` may delete that customer's records.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, UtcDateTime, mode_check, utcnow


class Consent(TenantScoped, Base):
    __tablename__ = "consents"
    __table_args__ = (
        mode_check(),
        # A customer's ledger, newest first; also the latest record per channel and purpose.
        Index("ix_consents_customer_recorded", "customer_id", "recorded_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(5))
    purpose: Mapped[str] = mapped_column(String(13))
    state: Mapped[str] = mapped_column(String(7))
    source: Mapped[str] = mapped_column(String(16))
    # The exact text the customer was shown (or the integrator's own wording).
    disclosure: Mapped[str] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    request_id: Mapped[str | None] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ConsentErasure(Base):
    """A customer whose records the current transaction may delete (erasure only)."""

    __tablename__ = "consent_erasures"

    customer_id: Mapped[str] = mapped_column(String(40), primary_key=True)
