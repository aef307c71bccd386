"""Accounts (tenants) and their secret API keys."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, UtcDateTime, mode_check, utcnow


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"
    __table_args__ = (mode_check(), Index(None, "account_id"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"))
    mode: Mapped[str] = mapped_column(String(4))
    # SHA-256 of the whole secret: keys carry 190 bits of randomness, so a fast hash is enough
    # and lets a request find its key with one indexed look-up.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What a person may see of the key afterwards: prefix and last four characters.
    redacted: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
