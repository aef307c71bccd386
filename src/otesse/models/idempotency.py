"""Stored responses of POST requests sent with an Idempotency-Key (kept 24 hours)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, UtcDateTime, mode_check, utcnow


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # SHA-256 of method, path and body: the same key with another request is a 409.
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    response_status: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
