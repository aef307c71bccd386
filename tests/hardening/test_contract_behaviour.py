"""What the document promises, checked against the service for every operation it lists:
every POST goes through the one idempotency mechanism, every 201 names what it created,
no operation ignores a query parameter it does not know."""

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from otesse.core.db import Database
from otesse.models import Invitation
from tests.factories import Tenant, assert_error, create_customer
from tests.hardening.openapi_world import (
    Operation,
    document,
    fill_path,
    make_world,
    operations,
    request_body,
)

DOC = document()
KEY = "Idempotency-Key"
LABEL = Operation.label.fget
POSTS = [op for op in operations(DOC) if op.method == "post"]
GETS = [op for op in operations(DOC) if op.method == "get"]


async def _world(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, str]:
    return await make_world(client, DOC, tenant.headers)


@pytest.mark.parametrize("op", POSTS, ids=LABEL)
async def test_every_post_goes_through_the_idempotency_mechanism(
    op: Operation, client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    world = await _world(client, tenant)
    url, body = fill_path(op, world), request_body(DOC, op, world)

    def sent(key: str) -> dict[str, Any]:
        return {**body, "headers": {**tenant.headers, **body.get("headers", {}), KEY: key}}

    invalid = await client.post(url, **sent("k" * 256))
    assert_error(invalid, 400, "idempotency_key_invalid", "Idempotency-Key")

    first = await client.post(url, **sent(f"contract-{op.spec['operationId']}"))
    if first.status_code == 409:
        # An action the fresh resource is not in the state for (resume an active
        # subscription): refused, so nothing was stored under the key; the 400 above is proof.
        return
    assert first.status_code < 300, f"{op.label}: {first.status_code} {first.text}"
    replay = await client.post(url, **sent(f"contract-{op.spec['operationId']}"))
    assert replay.status_code == first.status_code
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    if first.status_code == 201:
        assert replay.headers["Location"] == first.headers["Location"]
        created = await client.get(first.headers["Location"], headers=tenant.headers)
        assert created.status_code == 200 and created.json()["id"] == first.json()["id"]


async def test_an_invitation_retried_with_its_key_is_sent_once(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant, send_invitation=False)
    path = f"/v1/customers/{customer['id']}/invitation"
    headers = {**tenant.headers, "Idempotency-Key": "invite-once"}

    first = await client.post(path, headers=headers)
    replay = await client.post(path, headers=headers)

    assert first.status_code == replay.status_code == 202
    assert replay.headers["Idempotent-Replayed"] == "true"
    async with database.transaction() as session:
        count = await session.scalar(
            select(func.count()).where(Invitation.customer_id == customer["id"])
        )
    assert count == 1


async def test_a_retry_of_the_same_json_written_otherwise_is_replayed(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    headers = {
        **tenant.headers,
        "Idempotency-Key": "spaced",
        "Content-Type": "application/json",
    }
    compact = b'{"name":"North","zip_codes":["97401"]}'
    spaced = b'{\n  "zip_codes": [ "97401" ],\n  "name": "North"\n}'
    first = await client.post("/v1/zones", content=compact, headers=headers)
    again = await client.post("/v1/zones", content=spaced, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other = await client.post(
        "/v1/zones", content=b'{"name":"South","zip_codes":["97401"]}', headers=headers
    )
    assert_error(other, 409, "idempotency_key_reused", "Idempotency-Key")


@pytest.mark.parametrize("op", GETS, ids=LABEL)
async def test_an_unknown_query_parameter_is_refused(
    op: Operation, client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    world = await _world(client, tenant)
    response = await client.get(
        fill_path(op, world), params={"stauts": "deactivated"}, headers=tenant.headers
    )
    assert_error(response, 400, "parameter_unknown", "stauts")


async def test_a_customer_list_cannot_be_widened_by_a_parameter_it_lacks(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    a = await create_customer(client, tenant, send_invitation=False)
    b = await create_customer(client, tenant, email="b@example.com", send_invitation=False)
    response = await client.get(
        f"/v1/customers/{a['id']}/bookings", params={"customer_id": b["id"]}, headers=tenant.headers
    )
    assert_error(response, 400, "parameter_unknown", "customer_id")


async def test_an_empty_list_links_no_last_page(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    response = await client.get("/v1/zones", headers=tenant.headers)
    assert response.json()["pagination"]["total_pages"] == 0
    rels = {link.split('rel="')[1].rstrip('"') for link in response.headers["Link"].split(", ")}
    assert rels == {"first"}


async def test_a_401_says_how_to_authenticate(client: httpx.AsyncClient, tenant: Tenant) -> None:
    missing = await client.get("/v1/customers")
    assert_error(missing, 401, "api_key_missing")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    bare = await client.get("/v1/customers", headers={"Authorization": tenant.secret})
    assert_error(bare, 401, "authorization_scheme_invalid")
    assert "Bearer" in bare.json()["error"]["message"]
    assert bare.headers["WWW-Authenticate"].startswith("Bearer")


async def test_docs_need_no_internet(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "https://" not in page.text.split("<body>")[0]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static-offline-docs/{asset}" in page.text
        served = await client.get(f"/static-offline-docs/{asset}")
        assert served.status_code == 200 and len(served.content) > 10_000


def _schema(op_id: str) -> dict[str, Any]:
    op = next(op for op in operations(DOC) if op.spec["operationId"] == op_id)
    return op.spec


def test_has_subscription_is_a_boolean() -> None:
    [param] = [
        p for p in _schema("customers_list")["parameters"] if p["name"] == "has_subscription"
    ]
    assert param["schema"]["type"] == "boolean"
