"""Webhook endpoint rules: a safe URL, a secret shown once, rotation with 24 h of overlap,
and replays. Never commits."""

from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.config import Settings
from otesse.core.errors import InvalidRequest
from otesse.core.events import selects
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.core.queries import not_found
from otesse.core.sealing import ring
from otesse.models import WebhookEndpoint
from otesse.models.base import utcnow
from otesse.webhooks import repository
from otesse.webhooks.schemas import ReplayRequest, WebhookEndpointCreate, WebhookEndpointUpdate
from otesse.webhooks.secrets import new_signing_secret
from otesse.webhooks.urls import UnsafeUrl, check_form, resolve_checked

ROTATION_OVERLAP = timedelta(hours=24)
MAX_REPLAY = 10_000


def render_endpoint(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "object": "webhook_endpoint",
        "url": endpoint.url,
        "enabled_events": repository.selectors_of(endpoint),
        "description": endpoint.description,
        "status": endpoint.status,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": timestamp(endpoint.created_at),
        "updated_at": timestamp(endpoint.updated_at),
    }


async def _check_url(url: str, principal: Principal, settings: Settings) -> None:
    try:
        check_form(url, live=principal.mode == "live")
        # Resolved only to apply the address rule: where any address is allowed, a host
        # that does not resolve yet is the delivery's failure to report, not the URL's.
        if not settings.webhook_allow_private_networks:
            await resolve_checked(url, allow_private=False)
    except UnsafeUrl as refused:
        raise InvalidRequest(f"{refused}.", code="url_invalid", param="url") from refused


def signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the previous one for
    24 h after a rotation (receivers that still hold it keep verifying)."""
    found = [ring().open(endpoint.secret_encrypted, endpoint.id)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > utcnow():
        found.append(ring().open(endpoint.previous_secret_encrypted, endpoint.id))
    return found


async def create_endpoint(
    session: AsyncSession, principal: Principal, body: WebhookEndpointCreate, settings: Settings
) -> dict[str, Any]:
    await _check_url(body.url, principal, settings)
    now = utcnow()
    endpoint_id = new_id("we")
    secret = new_signing_secret()
    endpoint = WebhookEndpoint(
        id=endpoint_id,
        account_id=principal.account_id,
        mode=principal.mode,
        url=body.url,
        description=body.description,
        enabled_events=orjson.dumps(list(dict.fromkeys(body.enabled_events))).decode(),
        status="enabled",
        # Sealed at rest, bound to the endpoint (core/sealing.py).
        secret_encrypted=ring().seal(secret, endpoint_id),
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    await session.flush()
    return {**render_endpoint(endpoint), "secret": secret}


async def endpoint_or_404(
    session: AsyncSession, principal: Principal, endpoint_id: str, *, lock: bool = False
) -> WebhookEndpoint:
    endpoint = await repository.find_endpoint(
        session,
        account_id=principal.account_id,
        mode=principal.mode,
        endpoint_id=endpoint_id,
        lock=lock,
    )
    if endpoint is None:
        raise not_found("webhook endpoint", endpoint_id, param="endpoint_id")
    return endpoint


async def get_endpoint(
    session: AsyncSession, principal: Principal, endpoint_id: str
) -> dict[str, Any]:
    return render_endpoint(await endpoint_or_404(session, principal, endpoint_id))


async def list_endpoints(
    session: AsyncSession, principal: Principal, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    endpoints, total = await repository.page_of_endpoints(
        session, account_id=principal.account_id, mode=principal.mode, offset=offset, limit=limit
    )
    return [render_endpoint(endpoint) for endpoint in endpoints], total


async def update_endpoint(
    session: AsyncSession,
    principal: Principal,
    endpoint_id: str,
    body: WebhookEndpointUpdate,
    settings: Settings,
) -> dict[str, Any]:
    endpoint = await endpoint_or_404(session, principal, endpoint_id, lock=True)
    sent = body.model_fields_set
    if body.url is not None:
        await _check_url(body.url, principal, settings)
        endpoint.url = body.url
    if body.enabled_events is not None:
        endpoint.enabled_events = orjson.dumps(list(dict.fromkeys(body.enabled_events))).decode()
    if "description" in sent:
        endpoint.description = body.description
    if body.status is not None and body.status != endpoint.status:
        endpoint.status = body.status
        # Enabled again by its owner: the failure run and the service's reason are over.
        endpoint.failing_since = None
        endpoint.disabled_reason = None
    endpoint.updated_at = utcnow()
    await session.flush()
    return render_endpoint(endpoint)


async def delete_endpoint(
    session: AsyncSession, principal: Principal, endpoint_id: str
) -> dict[str, Any]:
    endpoint = await endpoint_or_404(session, principal, endpoint_id, lock=True)
    await repository.delete_endpoint(session, endpoint)
    return {"id": endpoint_id, "object": "webhook_endpoint", "deleted": True}


async def rotate_secret(
    session: AsyncSession, principal: Principal, endpoint_id: str, settings: Settings
) -> dict[str, Any]:
    endpoint = await endpoint_or_404(session, principal, endpoint_id, lock=True)
    secret = new_signing_secret()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = utcnow() + ROTATION_OVERLAP
    endpoint.secret_encrypted = ring().seal(secret, endpoint.id)
    endpoint.updated_at = utcnow()
    await session.flush()
    return {**render_endpoint(endpoint), "secret": secret}


async def list_attempts(
    session: AsyncSession, principal: Principal, endpoint_id: str, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    endpoint = await endpoint_or_404(session, principal, endpoint_id)
    rows, total = await repository.page_of_attempts(
        session, endpoint_id=endpoint.id, offset=offset, limit=limit
    )
    return [
        {
            "id": attempt.id,
            "delivery_id": attempt.delivery_id,
            "event_id": attempt.event_id,
            "attempt": attempt.attempt,
            "status_code": attempt.status_code,
            "duration_ms": attempt.duration_ms,
            "error": attempt.error,
            "delivery_status": status,
            "next_retry_at": timestamp(attempt.next_retry_at),
            "created_at": timestamp(attempt.created_at),
        }
        for attempt, status in rows
    ], total


async def replay(
    session: AsyncSession, principal: Principal, endpoint_id: str, body: ReplayRequest
) -> dict[str, Any]:
    """Queue the named events again for this endpoint (those of the types it selects)."""
    endpoint = await endpoint_or_404(session, principal, endpoint_id)
    found = await repository.replayable_events(
        session,
        endpoint,
        after_sequence=body.after_sequence,
        event_ids=body.event_ids,
        limit=MAX_REPLAY,
    )
    selectors = repository.selectors_of(endpoint)
    now = utcnow()
    rows = [
        repository.delivery_row(
            account_id=endpoint.account_id,
            mode=endpoint.mode,
            endpoint_id=endpoint.id,
            event_id=event_id,
            now=now,
        )
        for event_id, event_type in found
        if selects(selectors, event_type)
    ]
    await repository.insert_deliveries(session, rows)
    return {"queued": len(rows)}
