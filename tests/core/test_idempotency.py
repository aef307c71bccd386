"""Idempotency-Key on POSTs: replays, reuse with another request, retention, races."""

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from otesse.core.db import Database
from otesse.models import IdempotencyKey
from tests.factories import HOME, SEED_CREATE, Tenant, assert_error, create_customer, make_tenant


def keyed(tenant: Tenant, key: str) -> dict[str, str]:
    return {**tenant.headers, "Idempotency-Key": key}


async def customer_count(client: httpx.AsyncClient, tenant: Tenant) -> int:
    response = await client.get("/v1/customers", headers=tenant.headers)
    total: int = response.json()["pagination"]["total"]
    return total


async def test_replay_returns_the_first_response(client: httpx.AsyncClient, tenant: Tenant) -> None:
    first = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k1"))
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    second = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k1"))
    assert second.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert await customer_count(client, tenant) == 1


async def test_same_key_other_body_is_409(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k1"))
    other = {**SEED_CREATE, "email": "other@example.com"}
    response = await client.post("/v1/customers", json=other, headers=keyed(tenant, "k1"))
    assert_error(response, 409, "idempotency_key_reused", "Idempotency-Key")
    customer = await create_customer(client, tenant, email="x@example.com")
    address = await client.post(
        f"/v1/customers/{customer['id']}/addresses", json=HOME, headers=keyed(tenant, "k1")
    )
    assert_error(address, 409, "idempotency_key_reused")


async def test_keys_are_per_tenant_and_mode(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    live = await make_tenant(database, name="acme", mode="live")
    other = await make_tenant(database, name="globex")
    for who in (tenant, live, other):
        response = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(who, "k"))
        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers


async def test_a_failed_request_is_not_stored(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_customer(client, tenant, email="jane@example.com")
    taken = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k"))
    assert_error(taken, 409, "email_taken")
    # The key was rolled back with the request: the retry runs (and fails) afresh.
    retry = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k"))
    assert_error(retry, 409, "email_taken")


async def test_keys_expire_after_24_hours(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    first = await client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "k"))
    async with database.transaction() as session:
        await session.execute(
            update(IdempotencyKey).values(created_at=datetime.now(UTC) - timedelta(hours=25))
        )
    other = {**SEED_CREATE, "email": "other@example.com"}
    second = await client.post("/v1/customers", json=other, headers=keyed(tenant, "k"))
    assert second.status_code == 201
    assert second.json()["id"] != first.json()["id"]


@pytest.mark.parametrize("key", ["x" * 256, "   ", "caf\u00e9"])
async def test_invalid_key_is_400(client: httpx.AsyncClient, tenant: Tenant, key: str) -> None:
    headers = {**tenant.headers, "Idempotency-Key": key.encode("latin-1")}
    response = await client.post("/v1/customers", json=SEED_CREATE, headers=headers)
    assert_error(response, 400, "idempotency_key_invalid", "Idempotency-Key")


def test_the_document_states_the_key_rule_and_the_409(app: FastAPI) -> None:
    """Every operation that takes Idempotency-Key documents its rule and the 409 it can answer."""
    taking = [
        operation
        for path_item in app.openapi()["paths"].values()
        for operation in path_item.values()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    assert len(taking) >= 10
    for operation in taking:
        (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert header["schema"]["maxLength"] == 255
        assert re.fullmatch(header["schema"]["pattern"], "order-42 retry")
        assert "409" in operation["responses"], operation["operationId"]


async def test_concurrent_requests_with_one_key_create_one_customer(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[
            client.post("/v1/customers", json=SEED_CREATE, headers=keyed(tenant, "race"))
            for _ in range(10)
        ]
    )
    assert [response.status_code for response in responses] == [201] * 10
    assert len({response.content for response in responses}) == 1
    assert await customer_count(client, tenant) == 1


async def test_concurrent_address_posts_with_one_key_add_one(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant)
    path = f"/v1/customers/{customer['id']}/addresses"
    responses = await asyncio.gather(
        *[client.post(path, json=HOME, headers=keyed(tenant, "race")) for _ in range(10)]
    )
    assert len({(response.status_code, response.content) for response in responses}) == 1
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert len(fetched.json()["addresses"]) == 1
