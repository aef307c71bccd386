"""The worker's share of events: number them, fan them out, deliver them, prune them.

One round (:meth:`Dispatcher.run_once`):
1. number the events committed since the last round (core/events.py) and, in the same
   transaction, queue one delivery per enabled endpoint of the event's account and mode
   whose ``enabled_events`` select it;
2. claim a batch of due deliveries under a lease (``FOR UPDATE SKIP LOCKED``: any number of
   workers, no delivery in two hands while its lease runs), send them concurrently (bounded),
   each signed with ``standardwebhooks``, and record every outcome and attempt in one
   transaction.

A worker killed mid-send leaves its claims to lapse; the next claim sends them again with
the same ``webhook-id`` and body (at least once; receivers drop duplicates by that id).
"""

import asyncio
import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks.webhooks import Webhook

from otesse.config import Settings
from otesse.core import events, leases
from otesse.core.db import Database
from otesse.core.ids import new_id
from otesse.core.logging import get_logger
from otesse.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from otesse.models.base import utcnow
from otesse.webhooks import repository
from otesse.webhooks.clients import EndpointClients, per_endpoint
from otesse.webhooks.queue import disable, fan_out
from otesse.webhooks.service import signing_secrets
from otesse.webhooks.transport import Answer, post
from otesse.webhooks.urls import UnsafeUrl, resolve_checked

log = get_logger("otesse.webhooks")
# The tables, for the Core statements of the batched writes.
DELIVERIES = cast(Table, WebhookDelivery.__table__)
ENDPOINTS = cast(Table, WebhookEndpoint.__table__)
ATTEMPTS = cast(Table, WebhookAttempt.__table__)
PRUNE_EVERY = timedelta(minutes=10)
# Retry-After is honoured up to this (a receiver cannot park a delivery for a year).
MAX_RETRY_AFTER = 24 * 3600.0
USER_AGENT = "Otesse-Webhooks/1"


@dataclass(frozen=True, slots=True)
class Claimed:
    id: str
    endpoint_id: str
    event_id: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Outcome:
    claimed: Claimed
    answer: Answer


def retry_delay(attempts: int, schedule: Sequence[float], answer: Answer) -> float | None:
    """Seconds until the next try after ``attempts`` failed ones, or None: give up."""
    if attempts > len(schedule):
        return None
    delay = schedule[attempts - 1] * random.uniform(0.8, 1.2)  # noqa: S311 - spreading retries
    if answer.status_code in (429, 503) and answer.retry_after is not None:
        delay = min(max(answer.retry_after, 1.0), MAX_RETRY_AFTER)
    return delay


def sign(secrets: Sequence[str], *, event_id: str, moment: datetime, body: bytes) -> str:
    """``v1,<base64>`` per secret, space-separated (two during a rotation)."""
    text = body.decode()
    return " ".join(
        Webhook(secret).sign(msg_id=event_id, timestamp=moment, data=text) for secret in secrets
    )


def signed_headers(secrets: Sequence[str], *, event_id: str, body: bytes) -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": sign(secrets, event_id=event_id, moment=now, body=body),
    }


class Dispatcher:
    def __init__(self, database: Database, settings: Settings, *, worker_id: str) -> None:
        self.database = database
        self.settings = settings
        self.worker_id = worker_id
        self._clients = EndpointClients(settings)
        self._last_prune: datetime | None = None
        self._stopping = asyncio.Event()

    async def close(self) -> None:
        await self._clients.close()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Rounds until stop(): at once while there is work, every event_poll_seconds else."""
        try:
            while not self._stopping.is_set():
                try:
                    busy = await self.run_once()
                    await self._maybe_prune()
                except Exception as error:
                    log.error("webhook_round_failed", error=type(error).__name__)
                    busy = False
                if not busy:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(
                            self._stopping.wait(), self.settings.event_poll_seconds
                        )
        finally:
            await self.close()

    async def run_once(self) -> bool:
        """Number and fan out, then deliver one batch; whether there was anything to do."""
        numbered = await self.number_andfan_out()
        delivered = await self.deliver_due()
        return numbered >= events.NUMBER_BATCH or delivered >= self.settings.webhook_batch_size

    async def number_andfan_out(self) -> int:
        async with self.database.transaction() as session:
            numbered = await events.number_pending(session)
            if numbered:
                await fan_out(session, numbered)
        return len(numbered)

    async def deliver_due(self) -> int:
        async with self.database.transaction() as session:
            claimed = await _claim(
                session,
                worker_id=self.worker_id,
                limit=self.settings.webhook_batch_size,
                lease_seconds=self.settings.webhook_lease_seconds,
            )
            if not claimed:
                return 0
            bodies, endpoints = await _load(session, claimed)
        # Kept while the batch is in hand: 500 deliveries to a slow receiver take far longer
        # than one lease, and a lapsed one is sent again by another worker (core/leases.py).
        lease = self.settings.webhook_lease_seconds
        renew = partial(
            _extend_leases,
            worker_id=self.worker_id,
            delivery_ids=[item.id for item in claimed],
            lease_seconds=lease,
        )
        async with leases.renewed(self.database, renew, lease_seconds=lease):
            outcomes = await self._send_all(claimed, bodies, endpoints)
        async with self.database.transaction() as session:
            await self._record(session, outcomes, endpoints)
        return len(claimed)

    async def _send_all(
        self,
        claimed: list[Claimed],
        bodies: dict[str, bytes],
        endpoints: dict[str, WebhookEndpoint],
    ) -> list[Outcome]:
        addresses: dict[str, str | UnsafeUrl] = {}
        for endpoint in endpoints.values():
            try:
                addresses[endpoint.id] = await resolve_checked(
                    endpoint.url, allow_private=self.settings.webhook_allow_private_networks
                )
            except UnsafeUrl as refused:
                addresses[endpoint.id] = refused
        secrets = {e.id: signing_secrets(e) for e in endpoints.values()}
        clients = {e.id: self._clients.of(e.id) for e in endpoints.values()}
        gate = asyncio.Semaphore(self.settings.webhook_concurrency)
        share = per_endpoint(self.settings)
        endpoint_gates = {e.id: asyncio.Semaphore(share) for e in endpoints.values()}

        async def send(item: Claimed) -> Outcome:
            endpoint = endpoints.get(item.endpoint_id)
            if endpoint is None or endpoint.status != "enabled":
                return Outcome(item, Answer(None, "endpoint disabled", 0))
            address = addresses[endpoint.id]
            if isinstance(address, UnsafeUrl):
                return Outcome(item, Answer(None, str(address), 0))
            body = bodies.get(item.event_id)
            if body is None:
                return Outcome(item, Answer(None, "event pruned", 0, gone=True))
            headers = signed_headers(secrets[endpoint.id], event_id=item.event_id, body=body)
            async with endpoint_gates[endpoint.id], gate:
                answer = await post(
                    clients[endpoint.id],
                    url=endpoint.url,
                    address=address,
                    headers=headers,
                    body=body,
                    deadline_seconds=self.settings.webhook_timeout_seconds,
                )
            return Outcome(item, answer)

        try:
            return list(await asyncio.gather(*(send(item) for item in claimed)))
        finally:
            await self._clients.close_least_used()

    async def _record(
        self,
        session: AsyncSession,
        outcomes: list[Outcome],
        endpoints: dict[str, WebhookEndpoint],
    ) -> None:
        now = utcnow()
        finished: list[dict[str, Any]] = []
        attempts: list[dict[str, Any]] = []
        succeeded: set[str] = set()
        failing: set[str] = set()
        gone: set[str] = set()
        for outcome in outcomes:
            item, answer = outcome.claimed, outcome.answer
            endpoint = endpoints.get(item.endpoint_id)
            disabled = endpoint is None or endpoint.status != "enabled"
            next_at: datetime | None = None
            if answer.succeeded:
                status = "succeeded"
                succeeded.add(item.endpoint_id)
            elif disabled or answer.gone or answer.status_code == 410:
                status = "failed"
                if answer.status_code == 410:
                    gone.add(item.endpoint_id)
            else:
                failing.add(item.endpoint_id)
                delay = retry_delay(item.attempts, self.settings.webhook_retry_seconds, answer)
                status = "failed" if delay is None else "pending"
                next_at = None if delay is None else now + timedelta(seconds=delay)
            finished.append(
                {
                    "b_id": item.id,
                    "b_worker": self.worker_id,
                    "b_status": status,
                    "b_next": next_at or now,
                    "b_delivered": now if status == "succeeded" else None,
                }
            )
            if (disabled or answer.gone) and answer.status_code is None:
                continue  # never sent: no attempt to show
            attempts.append(
                {
                    "id": new_id("wha"),
                    "account_id": endpoint.account_id if endpoint else "",
                    "mode": endpoint.mode if endpoint else "test",
                    "delivery_id": item.id,
                    "endpoint_id": item.endpoint_id,
                    "event_id": item.event_id,
                    "attempt": item.attempts,
                    "status_code": answer.status_code,
                    "duration_ms": answer.duration_ms,
                    "error": answer.error,
                    "next_retry_at": next_at,
                    "created_at": now,
                }
            )
        table = DELIVERIES
        # Only the claim holder records; a delivery it lost to a lapsed lease is the other
        # worker's now (both sends happened: at least once).
        await session.execute(
            update(table)
            .where(
                table.c.id == bindparam("b_id"),
                table.c.claimed_by == bindparam("b_worker"),
                table.c.status == "sending",
            )
            .values(
                status=bindparam("b_status"),
                next_attempt_at=bindparam("b_next", type_=table.c.next_attempt_at.type),
                delivered_at=bindparam("b_delivered", type_=table.c.delivered_at.type),
                lease_until=None,
            )
            .execution_options(synchronize_session=False),
            finished,
        )
        if attempts:
            await session.execute(ATTEMPTS.insert(), attempts)
        await self._endpoint_health(session, succeeded, failing - succeeded, gone, now)

    async def _endpoint_health(
        self,
        session: AsyncSession,
        succeeded: set[str],
        failing: set[str],
        gone: set[str],
        now: datetime,
    ) -> None:
        table = ENDPOINTS
        if succeeded:
            await session.execute(
                update(table).where(table.c.id.in_(succeeded)).values(failing_since=None)
            )
        for endpoint_id in failing:
            await repository.mark_failing(session, endpoint_id, since=now)
        limit = now - timedelta(seconds=self.settings.webhook_disable_after_seconds)
        overdue = set(
            await session.scalars(
                select(WebhookEndpoint.id).where(
                    WebhookEndpoint.id.in_(failing),
                    WebhookEndpoint.failing_since < limit,
                    WebhookEndpoint.status == "enabled",
                )
            )
        )
        for endpoint_id, reason in [
            *((e, "the receiver answered 410 Gone") for e in gone),
            *((e, "every delivery failed for 5 days") for e in overdue - gone),
        ]:
            await disable(session, endpoint_id, reason=reason)

    async def _maybe_prune(self) -> None:
        now = utcnow()
        if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = now
        await self.prune()

    async def prune(self) -> int:
        """Delete the events older than the retention period (their deliveries with them)."""
        cutoff = repository.retention_cutoff(self.settings.event_retention_days)
        total = 0
        while True:
            async with self.database.transaction() as session:
                removed = await repository.prune_events(session, before=cutoff)
            total += removed
            if removed == 0:
                break
        if total:
            log.info("events_pruned", count=total)
        return total


async def _claim(
    session: AsyncSession, *, worker_id: str, limit: int, lease_seconds: float
) -> list[Claimed]:
    now = utcnow()
    lease_until = now + timedelta(seconds=lease_seconds)
    table = DELIVERIES
    due = (
        select(table.c.id)
        .where(table.c.status.in_(("pending", "sending")), table.c.next_attempt_at <= now)
        .order_by(table.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = await session.execute(
        update(table)
        .where(table.c.id.in_(due.scalar_subquery()))
        .values(
            status="sending",
            attempts=table.c.attempts + 1,
            lease_until=lease_until,
            next_attempt_at=lease_until,
            claimed_by=worker_id,
        )
        .returning(table.c.id, table.c.endpoint_id, table.c.event_id, table.c.attempts)
    )
    return [Claimed(row.id, row.endpoint_id, row.event_id, row.attempts) for row in rows]


async def _extend_leases(
    session: AsyncSession, *, worker_id: str, delivery_ids: Sequence[str], lease_seconds: float
) -> None:
    lease_until = utcnow() + timedelta(seconds=lease_seconds)
    table = DELIVERIES
    await session.execute(
        update(table)
        .where(
            table.c.id.in_(delivery_ids),
            table.c.claimed_by == worker_id,
            table.c.status == "sending",
        )
        .values(lease_until=lease_until, next_attempt_at=lease_until)
    )


async def _load(
    session: AsyncSession, claimed: list[Claimed]
) -> tuple[dict[str, bytes], dict[str, WebhookEndpoint]]:
    """The events' bodies (the same bytes on every attempt) and the endpoints."""
    event_ids = {item.event_id for item in claimed}
    endpoint_ids = {item.endpoint_id for item in claimed}
    found = await session.scalars(select(Event).where(Event.id.in_(event_ids)))
    bodies = {event.id: events.encode_event(event) for event in found}
    endpoints = await session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.id.in_(endpoint_ids))
    )
    loaded = {endpoint.id: endpoint for endpoint in endpoints}
    for endpoint in loaded.values():
        session.expunge(endpoint)
    return bodies, loaded
