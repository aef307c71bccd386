"""The transactional outbox: messages written in the business transaction, sent after commit.

A message row is inserted in the same transaction as the change that asks for it, so a
rolled-back change sends nothing and a committed one is sent even if the process dies right
after. Workers claim due rows under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
serialises writers, so its single UPDATE is a claim too). While a row is claimed its
``next_attempt_at`` is the end of the lease: a worker that died leaves a row that simply
becomes due again, and the next claim counts it as another attempt.

States: pending -> sending -> sent | pending (retry, with backoff) | dead | cancelled.

Core imports no model, so the table is named here with the columns this module touches.
"""

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Text,
    column,
    select,
    table,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.ids import new_id

NOTIFY_CHANNEL = "otesse_outbox"

outbox_messages = table(
    "outbox_messages",
    column("id", String),
    column("account_id", String),
    column("mode", String),
    column("topic", String),
    column("payload", Text),
    column("status", String),
    column("attempts", Integer),
    column("next_attempt_at", DateTime(timezone=True)),
    column("lease_until", DateTime(timezone=True)),
    column("claimed_by", String),
    column("last_error", Text),
    column("message_id", String),
    column("created_at", DateTime(timezone=True)),
    column("sent_at", DateTime(timezone=True)),
)
_t = outbox_messages.c


class DeliveryFailed(Exception):
    """Raised by a sender; ``permanent`` failures are dead-lettered without another try."""

    permanent: bool = False


class TransientFailure(DeliveryFailed):
    permanent = False


class PermanentFailure(DeliveryFailed):
    permanent = True


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: str
    account_id: str
    mode: str
    topic: str
    payload: dict[str, Any]
    status: str
    attempts: int
    message_id: str
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back naive; they were written as UTC.
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        account_id=row.account_id,
        mode=row.mode,
        topic=row.topic,
        payload=json.loads(row.payload),
        status=row.status,
        attempts=row.attempts,
        message_id=row.message_id,
        next_attempt_at=_aware(row.next_attempt_at) or _now(),
        created_at=_aware(row.created_at) or _now(),
        sent_at=_aware(row.sent_at),
        last_error=row.last_error,
    )


_COLUMNS = (
    _t.id,
    _t.account_id,
    _t.mode,
    _t.topic,
    _t.payload,
    _t.status,
    _t.attempts,
    _t.message_id,
    _t.next_attempt_at,
    _t.created_at,
    _t.sent_at,
    _t.last_error,
)


def new_message_id(outbox_id: str, domain: str) -> str:
    """The RFC 5322 Message-ID of an outbox row: the same on every attempt."""
    return f"<{outbox_id}@{domain}>"


async def enqueue(
    session: AsyncSession,
    *,
    topic: str,
    payload: Mapping[str, Any],
    account_id: str,
    mode: str,
    message_id_domain: str,
    message_id: str | None = None,
) -> str:
    """Write a message in the caller's transaction and return its outbox id.

    On PostgreSQL a NOTIFY wakes listening workers; it is delivered at commit, and never
    for a transaction that rolls back.
    """
    outbox_id = new_id("obx")
    now = _now()
    await session.execute(
        outbox_messages.insert().values(
            id=outbox_id,
            account_id=account_id,
            mode=mode,
            topic=topic,
            payload=json.dumps(dict(payload), separators=(",", ":")),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            message_id=message_id or new_message_id(outbox_id, message_id_domain),
            created_at=now,
        )
    )
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    return outbox_id


async def claim(
    session: AsyncSession, *, worker_id: str, limit: int, lease_seconds: float
) -> list[OutboxEntry]:
    """Claim up to ``limit`` due messages for ``lease_seconds``; commit before sending them."""
    now = _now()
    lease_until = now + timedelta(seconds=lease_seconds)
    due = (
        select(_t.id)
        .where(_t.status.in_(("pending", "sending")), _t.next_attempt_at <= now)
        .order_by(_t.next_attempt_at)
        .limit(limit)
        # Rendered only on PostgreSQL: a row another worker holds is skipped, not waited for.
        .with_for_update(skip_locked=True)
    )
    claimed = await session.execute(
        update(outbox_messages)
        .where(_t.id.in_(due.scalar_subquery()))
        .values(
            status="sending",
            attempts=_t.attempts + 1,
            lease_until=lease_until,
            next_attempt_at=lease_until,
            claimed_by=worker_id,
        )
        .returning(*_COLUMNS)
    )
    return sorted((_entry(row) for row in claimed), key=lambda entry: entry.id)


async def extend_leases(
    session: AsyncSession, *, worker_id: str, outbox_ids: Sequence[str], lease_seconds: float
) -> int:
    """A live worker keeps what it holds: the leases of its claims still being sent run
    ``lease_seconds`` from now. Returns how many it still held."""
    lease_until = _now() + timedelta(seconds=lease_seconds)
    result: Any = await session.execute(
        update(outbox_messages)
        .where(_t.id.in_(outbox_ids), _t.status == "sending", _t.claimed_by == worker_id)
        .values(lease_until=lease_until, next_attempt_at=lease_until)
    )
    return int(result.rowcount or 0)


async def mark_sent(session: AsyncSession, outbox_id: str) -> bool:
    """Record a delivery. It counts even if the lease ran out meanwhile: the mail went."""
    result = await session.execute(
        update(outbox_messages)
        .where(_t.id == outbox_id, _t.status.in_(("sending", "pending")))
        .values(status="sent", sent_at=_now(), lease_until=None, last_error=None)
    )
    return _changed(result)


async def mark_cancelled(session: AsyncSession, outbox_id: str, *, reason: str) -> bool:
    """Drop a message that no longer needs sending (its purpose was superseded)."""
    result = await session.execute(
        update(outbox_messages)
        .where(_t.id == outbox_id, _t.status.in_(("sending", "pending")))
        .values(status="cancelled", lease_until=None, last_error=reason)
    )
    return _changed(result)


async def cancel_about(
    session: AsyncSession, *, account_id: str, mode: str, key: str, value: str, reason: str
) -> int:
    """Cancel the tenant's unsent messages whose payload holds ``key: value`` (a person's
    erasure: nothing more is sent to them). Payloads are compact JSON (:func:`enqueue`)."""
    written = json.dumps({key: value}, separators=(",", ":"))[1:-1]
    escaped = written.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    result = await session.execute(
        update(outbox_messages)
        .where(
            _t.account_id == account_id,
            _t.mode == mode,
            _t.status.in_(("sending", "pending")),
            _t.payload.like(f"%{escaped}%", escape="\\"),
        )
        .values(status="cancelled", lease_until=None, last_error=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def backoff_seconds(attempts: int, *, base: float, maximum: float) -> float:
    """Exponential backoff with jitter: base, 2*base, 4*base... capped, each in [d/2, d]."""
    delay = min(maximum, base * 2.0 ** max(0, attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - spreading retries, not a secret


async def mark_retry(
    session: AsyncSession, outbox_id: str, *, worker_id: str, error: str, delay_seconds: float
) -> bool:
    """Put a claimed message back to wait ``delay_seconds`` (only the claim holder may)."""
    result = await session.execute(
        update(outbox_messages)
        .where(_t.id == outbox_id, _t.status == "sending", _t.claimed_by == worker_id)
        .values(
            status="pending",
            next_attempt_at=_now() + timedelta(seconds=delay_seconds),
            lease_until=None,
            last_error=error[:1000],
        )
    )
    return _changed(result)


async def mark_dead(session: AsyncSession, outbox_id: str, *, worker_id: str, error: str) -> bool:
    """Dead-letter a claimed message: no more tries until an operator retries it."""
    result = await session.execute(
        update(outbox_messages)
        .where(_t.id == outbox_id, _t.status == "sending", _t.claimed_by == worker_id)
        .values(status="dead", lease_until=None, last_error=error[:1000])
    )
    return _changed(result)


async def release(session: AsyncSession, *, worker_id: str) -> int:
    """A stopping worker hands back what it still holds: due now for any worker, the claim's
    attempt not counted (it never reached the mail server, or its answer never came back)."""
    result: Any = await session.execute(
        update(outbox_messages)
        .where(_t.status == "sending", _t.claimed_by == worker_id)
        .values(
            status="pending",
            attempts=_t.attempts - 1,
            next_attempt_at=_now(),
            lease_until=None,
            claimed_by=None,
        )
    )
    return int(result.rowcount or 0)


async def requeue(session: AsyncSession, outbox_id: str) -> OutboxEntry | None:
    """An operator's retry: a dead (or waiting) message becomes due now, with fresh attempts.

    Returns None when there is no such message or it is being sent or already sent.
    """
    result = await session.execute(
        update(outbox_messages)
        .where(_t.id == outbox_id, _t.status.in_(("dead", "pending", "cancelled")))
        .values(status="pending", attempts=0, next_attempt_at=_now(), lease_until=None)
        .returning(*_COLUMNS)
    )
    row = result.first()
    if row is not None and session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    return None if row is None else _entry(row)


async def get(session: AsyncSession, outbox_id: str) -> OutboxEntry | None:
    row = (await session.execute(select(*_COLUMNS).where(_t.id == outbox_id))).first()
    return None if row is None else _entry(row)


async def list_messages(
    session: AsyncSession, *, statuses: Sequence[str] | None = None, limit: int = 100
) -> list[OutboxEntry]:
    """Newest first; ``statuses`` narrows to those states."""
    query = select(*_COLUMNS).order_by(_t.created_at.desc(), _t.id.desc()).limit(limit)
    if statuses:
        query = query.where(_t.status.in_(tuple(statuses)))
    return [_entry(row) for row in await session.execute(query)]


def _changed(result: Any) -> bool:
    return bool(result.rowcount)
