"""Driving the worker's event rounds in tests (fast retries, a deadline on every wait)."""

import asyncio
import inspect
import time
from typing import Any

import httpx

from otesse.config import Settings
from otesse.core.db import Database
from otesse.webhooks.delivery import Dispatcher
from tests.factories import Tenant

FAST = {
    "webhook_retry_seconds": (0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05),
    "webhook_timeout_seconds": 2.0,
    "webhook_lease_seconds": 3.0,
    "event_poll_seconds": 0.02,
}


def fast(settings: Settings, **overrides: Any) -> Settings:
    return settings.model_copy(update={**FAST, **overrides})


async def rounds_until(
    database: Database, settings: Settings, check: Any, *, timeout: float = 20.0
) -> Dispatcher:
    """Run one dispatcher's rounds until ``check()`` (or its awaited value) holds."""
    dispatcher = Dispatcher(database, settings, worker_id="test:dispatch")
    deadline = time.monotonic() + timeout
    try:
        while True:
            await dispatcher.run_once()
            met = check()
            if inspect.isawaitable(met):
                met = await met
            if met:
                return dispatcher
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            await asyncio.sleep(0.02)
    finally:
        await dispatcher.close()


async def make_endpoint(
    client: httpx.AsyncClient, tenant: Tenant, url: str, events: list[str] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/v1/webhook_endpoints",
        json={"url": url, "enabled_events": events or ["*"]},
        headers=tenant.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
