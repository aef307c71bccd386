"""Every query on webhook endpoints, deliveries and attempts."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.ids import new_id
from otesse.core.queries import fetch_page, storable_id
from otesse.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from otesse.models.base import utcnow


async def find_endpoint(
    session: AsyncSession, *, account_id: str, mode: str, endpoint_id: str, lock: bool = False
) -> WebhookEndpoint | None:
    if not storable_id(endpoint_id):
        return None
    query = select(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint_id,
        WebhookEndpoint.account_id == account_id,
        WebhookEndpoint.mode == mode,
    )
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def page_of_endpoints(
    session: AsyncSession, *, account_id: str, mode: str, offset: int, limit: int
) -> tuple[Sequence[WebhookEndpoint], int]:
    return await fetch_page(
        session,
        WebhookEndpoint,
        [WebhookEndpoint.account_id == account_id, WebhookEndpoint.mode == mode],
        order_by=[WebhookEndpoint.id.desc()],
        offset=offset,
        limit=limit,
    )


async def delete_endpoint(session: AsyncSession, endpoint: WebhookEndpoint) -> None:
    # Explicit rather than ON DELETE CASCADE: SQLite enforces foreign keys only when asked.
    await session.execute(delete(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint.id))
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    await session.delete(endpoint)
    await session.flush()


async def page_of_attempts(
    session: AsyncSession, *, endpoint_id: str, offset: int, limit: int
) -> tuple[list[tuple[WebhookAttempt, str]], int]:
    """Newest first, each with its delivery's current status."""
    where = [WebhookAttempt.endpoint_id == endpoint_id]
    total = await session.scalar(select(func.count()).select_from(WebhookAttempt).where(*where))
    rows = await session.execute(
        select(WebhookAttempt, WebhookDelivery.status)
        .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
        .where(*where)
        .order_by(WebhookAttempt.created_at.desc(), WebhookAttempt.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [(attempt, status) for attempt, status in rows.all()], int(total or 0)


async def replayable_events(
    session: AsyncSession,
    endpoint: WebhookEndpoint,
    *,
    after_sequence: int | None,
    event_ids: Sequence[str] | None,
    limit: int,
) -> list[tuple[str, str]]:
    """(id, type) of the endpoint's tenant's numbered events a replay names, in order."""
    query = select(Event.id, Event.type).where(
        Event.account_id == endpoint.account_id,
        Event.mode == endpoint.mode,
        Event.sequence.is_not(None),
    )
    if event_ids is not None:
        query = query.where(Event.id.in_([i for i in event_ids if storable_id(i)]))
    if after_sequence is not None or event_ids is None:
        query = query.where(Event.sequence > (after_sequence or 0))
    rows = await session.execute(query.order_by(Event.sequence).limit(limit))
    return [(row.id, row.type) for row in rows]


def delivery_row(
    *, account_id: str, mode: str, endpoint_id: str, event_id: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": new_id("whd"),
        "account_id": account_id,
        "mode": mode,
        "endpoint_id": endpoint_id,
        "event_id": event_id,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def insert_deliveries(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(WebhookDelivery), rows)


async def enabled_endpoints(
    session: AsyncSession, tenants: set[tuple[str, str]]
) -> list[WebhookEndpoint]:
    """The enabled endpoints of these (account, mode) pairs."""
    if not tenants:
        return []
    accounts = {account for account, _ in tenants}
    found = await session.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.account_id.in_(accounts), WebhookEndpoint.status == "enabled"
        )
    )
    return [e for e in found if (e.account_id, e.mode) in tenants]


def selectors_of(endpoint: WebhookEndpoint) -> list[str]:
    selectors: list[str] = orjson.loads(endpoint.enabled_events)
    return selectors


async def prune_events(session: AsyncSession, *, before: datetime, limit: int = 5000) -> int:
    """Delete up to ``limit`` events created before ``before``, with their deliveries."""
    old = select(Event.id).where(Event.created_at < before).limit(limit)
    ids = list(await session.scalars(old))
    if not ids:
        return 0
    deliveries = select(WebhookDelivery.id).where(WebhookDelivery.event_id.in_(ids))
    await session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)))
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(ids)))
    await session.execute(delete(Event).where(Event.id.in_(ids)))
    return len(ids)


async def mark_failing(session: AsyncSession, endpoint_id: str, *, since: datetime) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.failing_since.is_(None))
        .values(failing_since=since)
    )


def retention_cutoff(days: int) -> datetime:
    return utcnow() - timedelta(days=days)
