"""``Idempotency-Key`` for POSTs: a retried request gets the first response, never a second
resource.

A route wraps its work in :func:`idempotent`. The key row is inserted first, in the request's
own transaction, so the database serialises racers: on PostgreSQL a second INSERT of the same
key blocks until the first transaction commits, then conflicts and replays the stored
response; on SQLite writers are serialised by BEGIN IMMEDIATE. If the request fails (any
error), its transaction rolls back with the key row, so a retry runs afresh. The stored
answer is sealed (core/sealing.py): it carries personal data.
"""

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Protocol

import orjson
from fastapi import Header, Request, Response
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Text,
    column,
    delete,
    insert,
    select,
    table,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.errors import Conflict, InvalidRequest
from otesse.core.json import encode
from otesse.core.sealing import ring

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Printable ASCII with at least one visible character. Spaces are allowed anywhere because
# HTTP servers strip them around a header value before we see it: the rule must hold either way.
KEY_PATTERN = r"^[ -~]*[!-~][ -~]*$"
_KEY = re.compile(KEY_PATTERN)
RETENTION = timedelta(hours=24)
# Status of a key row whose request is still running (only ever visible to that request).
IN_FLIGHT = 0


@dataclass(frozen=True, slots=True)
class JsonOutcome:
    """What a route produced: its status and its JSON body, already serialised."""

    status_code: int
    body: bytes
    headers: dict[str, str] | None = None


Produce = Callable[[], Awaitable[JsonOutcome]]


# Declare it on a route (``idempotency_key: IdempotencyKey = None``) so OpenAPI shows it;
# idempotent() reads the header itself.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Retry-safe POST: a replay within 24 h gets the first answer; the same "
        "key with another request is a 409 `idempotency_key_reused`.",
        json_schema_extra={
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_KEY_LENGTH,
            "pattern": KEY_PATTERN,
        },
    ),
]

# The table of otesse.models.idempotency, seen from core (which imports no model).
# Timestamps are bound as UTC; on SQLite they are stored naive, like the model's UtcDateTime.
idempotency_keys = table(
    "idempotency_keys",
    column("account_id", String),
    column("mode", String),
    column("key", String),
    column("request_fingerprint", String),
    column("response_status", Integer),
    column("response_body", Text),
    column("created_at", DateTime(timezone=True)),
)


def _canonical(body: bytes) -> bytes:
    """The request as parsed: a retry of the same JSON with other whitespace or key order is
    the same request (the route already refused a body that is not JSON)."""
    if not body.strip():
        return b""
    try:
        return orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS)
    except orjson.JSONDecodeError:
        return body


def _fingerprint(request: Request, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.url.path.encode(), _canonical(body)):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _key_from(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise InvalidRequest(
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
            code="idempotency_key_invalid",
            param=HEADER,
        )
    return key


def _location(request: Request, outcome: JsonOutcome) -> dict[str, str]:
    """A 201 names what it created: the collection's path and the new resource's id (every
    collection here serves ``GET <collection>/{id}``). Derived from the body, so a replayed
    201 has the same Location as the first."""
    if outcome.status_code != 201:
        return {}
    created = orjson.loads(outcome.body)
    return {"Location": f"{request.url.path}/{created['id']}"}


def _response(request: Request, outcome: JsonOutcome, *, replayed: bool) -> Response:
    headers = {**_location(request, outcome), **(outcome.headers or {})}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(
        outcome.body,
        status_code=outcome.status_code,
        media_type="application/json",
        headers=headers,
    )


def _bound_to(account_id: str, mode: str, key: str) -> str:
    """The associated data sealing a stored answer to its key row."""
    return f"idempotency:{account_id}:{mode}:{key}"


def _this_key(account_id: str, mode: str, key: str) -> tuple[Any, ...]:
    return (
        idempotency_keys.c.account_id == account_id,
        idempotency_keys.c.mode == mode,
        idempotency_keys.c.key == key,
    )


async def _claim(
    session: AsyncSession, *, account_id: str, mode: str, key: str, fingerprint: str
) -> RowMapping | None:
    """Insert the key row; when the key exists already, return the stored row instead."""
    where = _this_key(account_id, mode, key)
    now = datetime.now(UTC)
    # A key older than the retention period is forgotten: the request runs afresh.
    await session.execute(
        delete(idempotency_keys).where(*where, idempotency_keys.c.created_at < now - RETENTION)
    )
    row = {
        "account_id": account_id,
        "mode": mode,
        "key": key,
        "request_fingerprint": fingerprint,
        "response_status": IN_FLIGHT,
        "response_body": "",
        "created_at": now,
    }
    try:
        async with session.begin_nested():
            await session.execute(insert(idempotency_keys).values(**row))
        return None
    except IntegrityError:
        # PostgreSQL let this INSERT wait until the first request committed; now it is visible.
        query = select(
            idempotency_keys.c.request_fingerprint,
            idempotency_keys.c.response_status,
            idempotency_keys.c.response_body,
        ).where(*where)
        stored = (await session.execute(query)).mappings().first()
        assert stored is not None, "a conflicting key row is committed, hence visible"
        return stored


async def idempotent(
    request: Request,
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    produce: Produce,
    body_digest: bytes | None = None,
) -> Response:
    """Run ``produce`` once per Idempotency-Key (when the request carries one).

    ``body_digest`` stands for the body in the fingerprint when the route read a body too
    large to hold (a CSV upload: its SHA-256, and the options sent beside it). The stored
    answer is sealed (core/sealing.py): it may carry access notes or a webhook endpoint's
    signing secret; a replay opens it."""
    key = _key_from(request)
    if key is None:
        return _response(request, await produce(), replayed=False)
    body = body_digest if body_digest is not None else await request.body()
    fingerprint = _fingerprint(request, body)
    stored = await _claim(
        session, account_id=account_id, mode=mode, key=key, fingerprint=fingerprint
    )
    if stored is not None:
        if stored["request_fingerprint"] != fingerprint or stored["response_status"] == IN_FLIGHT:
            raise Conflict(
                f"This {HEADER} was already used with another request; "
                "use a new key for a new request.",
                code="idempotency_key_reused",
                param=HEADER,
            )
        answer = ring().open(stored["response_body"], _bound_to(account_id, mode, key))
        outcome = JsonOutcome(stored["response_status"], answer.encode())
        return _response(request, outcome, replayed=True)
    outcome = await produce()
    await session.execute(
        update(idempotency_keys)
        .where(*_this_key(account_id, mode, key))
        .values(
            response_status=outcome.status_code,
            # Sealed: a stored answer carries access notes, or a webhook signing secret.
            response_body=ring().seal(outcome.body.decode(), _bound_to(account_id, mode, key)),
        )
    )
    return _response(request, outcome, replayed=False)


class Tenant(Protocol):
    """Whose keys: the principal of the request (``otesse.auth.principal.Principal``)."""

    @property
    def account_id(self) -> str: ...

    @property
    def mode(self) -> str: ...


async def idempotent_json(
    request: Request,
    session: AsyncSession,
    tenant: Tenant,
    make: Callable[[], Awaitable[Any]],
    *,
    status_code: int = 200,
) -> Response:
    """:func:`idempotent` for a route whose work returns a JSON-ready document."""

    async def produce() -> JsonOutcome:
        return JsonOutcome(status_code, encode(await make()))

    return await idempotent(
        request, session, account_id=tenant.account_id, mode=tenant.mode, produce=produce
    )
