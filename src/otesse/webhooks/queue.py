"""What enters the delivery queue and what takes an endpoint out of it: a numbered event's
deliveries, one per enabled endpoint whose selectors name its type (fan_out), and an
endpoint disabled with its event (disable). webhooks/delivery.py works the queue."""

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core import events
from otesse.core.logging import get_logger
from otesse.models import WebhookEndpoint
from otesse.models.base import utcnow
from otesse.webhooks import repository
from otesse.webhooks.service import render_endpoint

log = get_logger("otesse.webhooks")


async def disable(session: AsyncSession, endpoint_id: str, *, reason: str) -> None:
    """Disable an endpoint and write its ``webhook_endpoint.disabled`` event."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None or endpoint.status != "enabled":
        return
    before = render_endpoint(endpoint)
    endpoint.status = "disabled"
    endpoint.disabled_reason = reason
    endpoint.updated_at = utcnow()
    await session.flush()
    await events.record_resource(
        session, endpoint, "webhook_endpoint.disabled", render_endpoint(endpoint), before
    )
    log.warning("webhook_endpoint_disabled", endpoint_id=endpoint_id, reason=reason)


async def fan_out(session: AsyncSession, numbered: list[events.Numbered]) -> None:
    tenants = {(event.account_id, event.mode) for event in numbered}
    endpoints = await repository.enabled_endpoints(session, tenants)
    if not endpoints:
        return
    by_tenant: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for endpoint in endpoints:
        by_tenant.setdefault((endpoint.account_id, endpoint.mode), []).append(
            (endpoint.id, repository.selectors_of(endpoint))
        )
    now = utcnow()
    rows = [
        repository.delivery_row(
            account_id=event.account_id,
            mode=event.mode,
            endpoint_id=endpoint_id,
            event_id=event.id,
            now=now,
        )
        for event in numbered
        for endpoint_id, selectors in by_tenant.get((event.account_id, event.mode), [])
        if events.selects(selectors, event.type)
    ]
    await repository.insert_deliveries(session, rows)
