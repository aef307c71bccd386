"""Webhook endpoints: the secret shown once (and to a keyed replay), stored encrypted; URLs
that could reach this service's own network refused; per account and mode."""

import httpx
import pytest
from sqlalchemy import select

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.models import IdempotencyKey, WebhookEndpoint
from tests.factories import Tenant, assert_error, make_tenant
from tests.webhooks.support import make_endpoint


async def test_the_secret_is_shown_at_creation_only_and_stored_encrypted(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    headers = {**tenant.headers, "Idempotency-Key": "make-hook"}
    body = {"url": "https://example.com/hooks", "enabled_events": ["customer.*"]}
    created = await client.post("/v1/webhook_endpoints", json=body, headers=headers)
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert created.headers["Location"] == f"/v1/webhook_endpoints/{created.json()['id']}"

    # A retry of the lost answer gets it again: same endpoint, same secret.
    replay = await client.post("/v1/webhook_endpoints", json=body, headers=headers)
    assert replay.json() == created.json() and replay.headers["Idempotent-Replayed"] == "true"

    shown = await client.get(created.headers["Location"], headers=tenant.headers)
    assert "secret" not in shown.json() and shown.json()["enabled_events"] == ["customer.*"]
    listed = await client.get("/v1/webhook_endpoints", headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 1 and "secret" not in listed.json()["data"][0]

    async with database.session() as session:
        row = await session.scalar(select(WebhookEndpoint))
        stored = await session.scalar(select(IdempotencyKey.response_body))
    assert row is not None and secret not in row.secret_encrypted
    assert stored is not None and secret not in stored and secret[6:] not in stored


async def test_rotation_answers_a_new_secret_and_keeps_the_old_one_for_a_day(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, settings: Settings
) -> None:
    from otesse.webhooks.service import signing_secrets

    created = await make_endpoint(client, tenant, "https://example.com/hooks")
    rotated = await client.post(
        f"/v1/webhook_endpoints/{created['id']}/rotate_secret", headers=tenant.headers
    )
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    async with database.session() as session:
        row = await session.get(WebhookEndpoint, created["id"])
    assert row is not None
    assert signing_secrets(row) == [rotated.json()["secret"], created["secret"]]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://localhost:8000/hooks",
        "http://10.1.2.3/hooks",
        "http://192.168.0.10/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/hooks",
    ],
)
async def test_a_url_reaching_a_private_network_is_refused(
    settings: Settings, database: Database, tenant: Tenant, url: str
) -> None:
    strict = settings.model_copy(update={"webhook_allow_private_networks": False})
    app = create_app(strict, database=database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.post(
            "/v1/webhook_endpoints",
            json={"url": url, "enabled_events": ["*"]},
            headers=tenant.headers,
        )
    assert_error(response, 400, "url_invalid", "url")


async def test_bad_urls_and_event_types_are_400s_naming_them(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    for url in ("ftp://example.com/x", "not a url", "https://user:pw@example.com/"):
        response = await client.post(
            "/v1/webhook_endpoints",
            json={"url": url, "enabled_events": ["*"]},
            headers=tenant.headers,
        )
        # The document's pattern refuses these before the URL rules are asked.
        assert response.status_code == 400 and response.json()["error"]["param"] == "url"
    wrong = await client.post(
        "/v1/webhook_endpoints",
        json={"url": "https://example.com/", "enabled_events": ["customer.exploded"]},
        headers=tenant.headers,
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["param"].startswith("enabled_events")
    live = await make_tenant(database, name="acme", mode="live")
    plain = await client.post(
        "/v1/webhook_endpoints",
        json={"url": "http://example.com/hooks", "enabled_events": ["*"]},
        headers=live.headers,
    )
    assert_error(plain, 400, "url_invalid", "url")


async def test_update_delete_and_isolation_between_modes(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    created = await make_endpoint(client, tenant, "https://example.com/hooks")
    path = f"/v1/webhook_endpoints/{created['id']}"
    patched = await client.patch(
        path, json={"status": "disabled", "description": "CRM"}, headers=tenant.headers
    )
    assert patched.status_code == 200
    assert (patched.json()["status"], patched.json()["description"]) == ("disabled", "CRM")
    live = await make_tenant(database, name="acme", mode="live")
    assert (await client.get(path, headers=live.headers)).status_code == 404
    listed = await client.get("/v1/webhook_endpoints", headers=live.headers)
    assert listed.json()["data"] == []
    deleted = await client.delete(path, headers=tenant.headers)
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    assert (await client.get(path, headers=tenant.headers)).status_code == 404
