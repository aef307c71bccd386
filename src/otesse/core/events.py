"""Events: one row per state change, written in the change's own transaction.

A rolled-back change leaves no event; a committed one always has its event (the same
guarantee as the outbox, core/outbox.py). An event is inserted without a ``sequence``:
numbering it at insert time would hand out numbers in *insert* order, and a transaction that
took number 7 but commits after the one that took 8 would be invisible to a reader who has
already moved past 8 (the classic feed bug). Instead one numbering step at a time
(:func:`number_pending`, run by the worker under a lock) numbers the events that have
committed, so every number it hands out is above every number any reader could have seen.
The feed and the webhooks show numbered events only.

Core imports no model, so the table is named here with the columns this module touches.
"""

import contextvars
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import orjson
from sqlalchemy import BigInteger, DateTime, String, Text, column, select, table, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core import sealing
from otesse.core.bulk import insert_many
from otesse.core.db import PerDialect
from otesse.core.ids import new_id
from otesse.core.json import timestamp

events = table(
    "events",
    column("id", String),
    column("account_id", String),
    column("mode", String),
    column("type", String),
    column("customer_id", String),
    column("sequence", BigInteger),
    column("data", Text),
    column("request_id", String),
    column("idempotency_key", String),
    column("created_at", DateTime(timezone=True)),
)

# The request a change is made in (request id, Idempotency-Key), set by core/routing.py; the
# worker's own changes (an invitation sent) carry none.
request_context: contextvars.ContextVar[tuple[str | None, str | None]] = contextvars.ContextVar(
    "otesse_event_request", default=(None, None)
)

# Every type an event can have (docs/webhooks.md). A domain's new change adds its type here.
EVENT_TYPES = (
    "customer.created",
    "customer.updated",
    "customer.deactivated",
    "customer.merged",
    "customer.erased",
    "customer.address_added",
    "customer.address_updated",
    "customer.address_removed",
    "zone.created",
    "zone.updated",
    "booking.created",
    "booking.updated",
    "booking.completed",
    "booking.cancelled",
    "subscription.created",
    "subscription.paused",
    "subscription.resumed",
    "subscription.cancelled",
    "invoice.created",
    "invoice.paid",
    "invoice.voided",
    "invitation.sent",
    "invitation.failed",
    "invitation.accepted",
    "consent.recorded",
    "webhook_endpoint.disabled",
)
_KNOWN = frozenset(EVENT_TYPES)
_FAMILIES = frozenset(name.split(".", 1)[0] for name in EVENT_TYPES)
# What a type filter or an endpoint's enabled_events may name: a type, `family.*` or `*`
# (every one of them, for the document's enumeration).
SELECTORS = ["*", *sorted({f"{name.split('.', 1)[0]}.*" for name in EVENT_TYPES}), *EVENT_TYPES]
SELECTOR_PATTERN = r"^(\*|[a-z_]+\.(\*|[a-z_]+))$"


def is_selector(value: str) -> bool:
    """A known type, ``*``, or ``<family>.*`` of a known family (``customer.*``)."""
    if value == "*" or value in _KNOWN:
        return True
    family, _, rest = value.partition(".")
    return rest == "*" and family in _FAMILIES


def selects(selectors: list[str], event_type: str) -> bool:
    """Whether an event of ``event_type`` is one of those ``selectors`` name."""
    family = event_type.split(".", 1)[0] + ".*"
    return any(selector in ("*", event_type, family) for selector in selectors)


# How many events one numbering step takes (the worker runs it again while it is full).
NUMBER_BATCH = 2000
# pg_advisory_xact_lock key of the numbering step: one at a time across all workers.
_NUMBERING_LOCK = 0x07E55E16


def previous_attributes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level fields whose value changed, with their old values."""
    return {key: value for key, value in before.items() if after.get(key) != value}


@dataclass(frozen=True, slots=True)
class Change:
    """One change's event, before it is written: its type, the customer it is about, the
    changed resource exactly as its GET answers it (bytes already encoded, or a JSON-ready
    dict) and the top-level fields it changed with their old values."""

    type: str
    customer_id: str | None
    resource: bytes | Mapping[str, Any]
    previous: Mapping[str, Any] | None = None


def _row(account_id: str, mode: str, change: Change, moment: datetime) -> dict[str, Any]:
    resource = change.resource
    encoded = resource if isinstance(resource, bytes) else orjson.dumps(resource)
    data = (
        b'{"object":'
        + encoded
        + b',"previous_attributes":'
        + orjson.dumps(dict(change.previous or {}))
        + b"}"
    )
    request_id, idempotency_key = request_context.get()
    event_id = new_id("evt")
    return {
        "id": event_id,
        "account_id": account_id,
        "mode": mode,
        "type": change.type,
        "customer_id": change.customer_id,
        "sequence": None,
        # Sealed at rest, bound to the event (core/sealing.py): the customer it carries
        # holds its addresses' access notes.
        "data": sealing.seal(data.decode(), event_id),
        "request_id": request_id,
        "idempotency_key": idempotency_key,
        "created_at": moment,
    }


async def record(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    type: str,
    customer_id: str | None,
    resource: bytes | Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
) -> str:
    """Write the event of a change in the caller's transaction (see :class:`Change`)."""
    change = Change(type, customer_id, resource, previous)
    row = _row(account_id, mode, change, datetime.now(UTC))
    await session.execute(events.insert().values(**row))
    event_id: str = row["id"]
    return event_id


async def record_many(
    session: AsyncSession, *, account_id: str, mode: str, changes: Sequence[Change]
) -> None:
    """:func:`record` for many changes of one tenant at once (a batch of an import): one
    INSERT statement; numbered later in the order written (created_at, then id)."""
    if not changes:
        return
    moment = datetime.now(UTC)
    await insert_many(
        session, events, [_row(account_id, mode, change, moment) for change in changes]
    )


class Owned(Protocol):
    """A tenant's row an event is about (a booking, a zone...): its tenant, and the customer
    it belongs to when it has one."""

    account_id: str
    mode: str


async def record_resource(
    session: AsyncSession,
    row: Owned,
    event_type: str,
    rendered: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> None:
    """The event of a change of ``row`` (not a customer: customers/changes.py writes those):
    ``rendered`` as its GET answers it now, against ``before`` (None: a creation)."""
    await record(
        session,
        account_id=row.account_id,
        mode=row.mode,
        type=event_type,
        customer_id=getattr(row, "customer_id", None),
        resource=rendered,
        previous=None if before is None else previous_attributes(before, rendered),
    )


def event_json(row: Any) -> dict[str, Any]:
    """The event as the API and webhooks show it, from its stored row; ``data`` is its stored
    text, opened, so a retry (or the feed) shows the very bytes of the first delivery."""
    return event_document(row, sealing.ring().open(row.data, row.id))


def event_document(row: Any, data: str) -> dict[str, Any]:
    """The event's JSON from its attributes and its ``data`` in the clear (a sample's too)."""
    created = row.created_at
    if created.tzinfo is None:  # SQLite hands timestamps back naive; they are UTC
        created = created.replace(tzinfo=UTC)
    return {
        "id": row.id,
        "object": "event",
        "type": row.type,
        "created_at": timestamp(created),
        "customer_id": row.customer_id,
        "sequence": row.sequence,
        "data": orjson.Fragment(data),
        "request": {"id": row.request_id, "idempotency_key": row.idempotency_key},
    }


def encode_event(row: Any) -> bytes:
    return orjson.dumps(event_json(row))


@dataclass(frozen=True, slots=True)
class Numbered:
    id: str
    account_id: str
    mode: str
    type: str


# Committed, unnumbered events, oldest first, each numbered after the tenant's highest number.
# Within a batch the order is the events' creation order: two changes of one resource are
# serialised by its row lock, so the later one's event is also created later.
_NUMBER = """
WITH batch AS (
    SELECT id, account_id, mode, created_at FROM events
    WHERE sequence IS NULL ORDER BY created_at, id LIMIT :limit
), numbered AS (
    SELECT b.id,
        coalesce((SELECT max(e.sequence) FROM events e
                  WHERE e.account_id = b.account_id AND e.mode = b.mode), 0)
        + row_number() OVER (PARTITION BY b.account_id, b.mode ORDER BY b.created_at, b.id)
        AS sequence
    FROM batch b
)
UPDATE events SET sequence = numbered.sequence FROM numbered
WHERE events.id = numbered.id
RETURNING events.id, events.account_id, events.mode, events.type
"""


async def _numbering_lock_on_postgresql(session: AsyncSession) -> bool:
    locked = await session.scalar(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _NUMBERING_LOCK}
    )
    return bool(locked)


async def _numbering_lock_on_sqlite(session: AsyncSession) -> bool:
    return True  # its transaction holds the database's one write lock already


# Whether this transaction may number events now (one numbering transaction at a time).
NUMBERING: PerDialect[Callable[[AsyncSession], Awaitable[bool]]] = PerDialect(
    sqlite=_numbering_lock_on_sqlite, postgresql=_numbering_lock_on_postgresql
)


async def number_pending(session: AsyncSession, *, limit: int = NUMBER_BATCH) -> list[Numbered]:
    """Number the committed events that have no sequence yet, in the caller's transaction.

    On PostgreSQL one numbering transaction runs at a time (a transaction-scoped advisory
    lock; another worker's step returns at once with nothing), and under READ COMMITTED its
    UPDATE sees only committed events and every number committed before it. SQLite runs one
    writer at a time anyway. Commit soon after: the numbers become visible at commit.
    """
    if not await NUMBERING.of(session)(session):
        return []
    rows = await session.execute(text(_NUMBER), {"limit": limit})
    return [Numbered(row.id, row.account_id, row.mode, row.type) for row in rows]


async def redact_customer(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> int:
    """Erasure (docs/privacy.md): every event about the customer keeps its id, type and place
    in the feed, but its data shrinks to the object's id and kind; deliveries still due send
    that. How many events were redacted."""
    about = (
        events.c.account_id == account_id,
        events.c.mode == mode,
        events.c.customer_id == customer_id,
    )
    rows = (await session.execute(select(events.c.id, events.c.data).where(*about))).all()
    for row in rows:
        kept = orjson.loads(sealing.ring().open(row.data, row.id)).get("object") or {}
        stub = {key: kept[key] for key in ("id", "object") if key in kept}
        data = orjson.dumps({"object": {**stub, "redacted": True}, "previous_attributes": {}})
        await session.execute(
            update(events)
            .where(events.c.id == row.id)
            .values(data=sealing.seal(data.decode(), row.id))
        )
    return len(rows)
