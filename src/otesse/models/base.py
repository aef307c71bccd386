"""Declarative base, the column types both databases share, and the tenant columns."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    TypeDecorator,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from otesse.core.db_errors import violated_unique
from otesse.core.errors import Conflict

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MODES = ("test", "live")


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps.

    SQLite has no time zones and hands back naive values; PostgreSQL keeps timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(moment, datetime)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def mode_check() -> CheckConstraint:
    return CheckConstraint("mode IN ('test', 'live')", name="mode")


class TenantScoped:
    """Every business row belongs to one account in one mode (test or live); every query of a
    request filters on both, taken from the API key's principal."""

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"))
    mode: Mapped[str] = mapped_column(String(4))


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


@dataclass(frozen=True, slots=True)
class UniqueConflict:
    """The 409 a unique index or constraint answers when a write violates it; declared on
    the index itself (``info={"conflict": UniqueConflict(...)}``). ``message`` is formatted
    with the refused row's values."""

    code: str
    param: str
    message: str


def conflict_of(error: BaseException, values: Mapping[str, Any]) -> Conflict | None:
    """The declared 409 of the unique index ``error`` violated, or None (not a declared
    unique violation: the caller re-raises)."""
    unique = violated_unique(error, Base.metadata)
    declared = unique.info.get("conflict") if unique is not None else None
    if not isinstance(declared, UniqueConflict):
        return None
    message = declared.message.format_map(values)
    return Conflict(message, code=declared.code, param=declared.param)


async def conflict_naming_holder(
    session: AsyncSession, error: BaseException, values: Mapping[str, Any]
) -> Conflict | None:
    """:func:`conflict_of`, carrying ``existing_id``: the id of the row that holds the value,
    so a client that lost a race fetches that record instead of guessing (get-or-create).

    The refused write ends the request's transaction (PostgreSQL has aborted it; the 409
    rolls it back anyway), so it is rolled back here and the holder read in a fresh one:
    the holder was committed before the write failed (PostgreSQL's INSERT waited for it)."""
    conflict = conflict_of(error, values)
    unique = violated_unique(error, Base.metadata)
    if conflict is None or unique is None:
        return None
    await session.rollback()
    table = unique.table
    assert table is not None
    holder = await session.scalar(
        select(table.c.id).where(*(column == values[column.key] for column in unique.columns))
    )
    if holder is not None:
        conflict.extra["existing_id"] = holder
    return conflict
