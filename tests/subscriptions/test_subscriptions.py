"""Subscriptions: active <-> paused, -> cancelled, and the active_subscription stat."""

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from otesse.core.db import Database
from otesse.models import Customer
from otesse.subscriptions.repository import cancel_active_subscriptions
from tests.factories import (
    CustomerRef,
    Tenant,
    intruders,
    make_customer,
    stats_of,
    subscription_body,
    verify_stats,
)


async def subscribe(
    client: httpx.AsyncClient, tenant: Tenant, customer: CustomerRef, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/subscriptions", json=subscription_body(customer, **overrides), headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def act(
    client: httpx.AsyncClient, tenant: Tenant, subscription_id: str, action: str
) -> httpx.Response:
    return await client.post(
        f"/v1/subscriptions/{subscription_id}/{action}", headers=tenant.headers
    )


async def active(database: Database, customer: CustomerRef) -> tuple[bool, int]:
    stats = await stats_of(database, customer.id)
    return stats["active_subscription"], stats["active_subscriptions"]


async def test_create_get_and_list(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)

    subscription = await subscribe(client, tenant, customer, frequency="weekly")

    assert subscription["id"].startswith("sub_")
    assert subscription["status"] == "active"
    assert subscription["start_date"] == "2026-03-01"
    assert subscription["frequency"] == "weekly"
    assert await active(database, customer) == (True, 1)
    fetched = await client.get(f"/v1/subscriptions/{subscription['id']}", headers=tenant.headers)
    assert fetched.json() == subscription
    other = await make_customer(database, tenant, email="jane@example.com")
    theirs = await subscribe(client, tenant, other)
    await act(client, tenant, theirs["id"], "pause")
    listed = await client.get("/v1/subscriptions", headers=tenant.headers)
    assert [s["id"] for s in listed.json()["data"]] == [theirs["id"], subscription["id"]]
    by_customer = await client.get(
        f"/v1/subscriptions?customer_id={customer.id}", headers=tenant.headers
    )
    assert [s["id"] for s in by_customer.json()["data"]] == [subscription["id"]]
    paused = await client.get("/v1/subscriptions?status=paused", headers=tenant.headers)
    assert [s["id"] for s in paused.json()["data"]] == [theirs["id"]]
    bad = await client.get("/v1/subscriptions?status=gone", headers=tenant.headers)
    assert bad.status_code == 400
    assert bad.json()["error"]["param"] == "status"


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"frequency": "daily"}, "frequency"),
        ({"service": "gardening"}, "service"),
        ({"price": -5}, "price"),
        ({"start_date": "March 1"}, "start_date"),
        ({"status": "paused"}, "status"),
    ],
)
async def test_invalid_bodies_are_400(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    overrides: dict[str, Any],
    param: str,
) -> None:
    customer = await make_customer(database, tenant)
    response = await client.post(
        "/v1/subscriptions", json=subscription_body(customer, **overrides), headers=tenant.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_refuses_deactivated_customer_and_anothers_address(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    gone = await make_customer(database, tenant, status="deactivated")
    customer = await make_customer(database, tenant, email="jane@example.com")

    deactivated = await client.post(
        "/v1/subscriptions", json=subscription_body(gone), headers=tenant.headers
    )
    wrong_address = await client.post(
        "/v1/subscriptions",
        json=subscription_body(customer, address_id=gone.address_id),
        headers=tenant.headers,
    )

    assert deactivated.status_code == 409
    assert deactivated.json()["error"]["code"] == "customer_deactivated"
    assert wrong_address.status_code == 404
    assert wrong_address.json()["error"]["param"] == "address_id"
    assert await active(database, customer) == (False, 0)


async def test_transitions_move_the_stat(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    first = await subscribe(client, tenant, customer)
    second = await subscribe(client, tenant, customer)
    assert await active(database, customer) == (True, 2)

    paused = await act(client, tenant, first["id"], "pause")
    assert paused.json()["status"] == "paused"
    assert paused.json()["paused_at"].endswith("Z")
    assert await active(database, customer) == (True, 1)
    await act(client, tenant, second["id"], "cancel")
    assert await active(database, customer) == (False, 0)
    resumed = await act(client, tenant, first["id"], "resume")
    assert resumed.json()["status"] == "active"
    assert resumed.json()["paused_at"] is None
    assert await active(database, customer) == (True, 1)
    await act(client, tenant, first["id"], "pause")
    cancelled = await act(client, tenant, first["id"], "cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert await active(database, customer) == (False, 0)
    assert await verify_stats(database) == []


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "resume"),
        (["pause"], "pause"),
        (["cancel"], "cancel"),
        (["cancel"], "pause"),
        (["cancel"], "resume"),
        (["pause", "cancel"], "resume"),
    ],
)
async def test_illegal_transitions_are_409_and_change_nothing(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    setup: list[str],
    action: str,
) -> None:
    customer = await make_customer(database, tenant)
    subscription = await subscribe(client, tenant, customer)
    for step in setup:
        assert (await act(client, tenant, subscription["id"], step)).status_code == 200
    path = f"/v1/subscriptions/{subscription['id']}"
    before = (await client.get(path, headers=tenant.headers)).json()
    stats_before = await stats_of(database, customer.id)

    response = await act(client, tenant, subscription["id"], action)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "subscription_status_invalid"
    assert (await client.get(path, headers=tenant.headers)).json() == before
    assert await stats_of(database, customer.id) == stats_before


async def test_a_deactivated_customer_cannot_resume(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    subscription = await subscribe(client, tenant, customer)
    await act(client, tenant, subscription["id"], "pause")
    async with database.transaction() as session:
        await session.execute(
            update(Customer).where(Customer.id == customer.id).values(status="deactivated")
        )

    response = await act(client, tenant, subscription["id"], "resume")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "customer_deactivated"
    assert await active(database, customer) == (False, 0)


async def test_deactivation_cascade_cancels_active_and_paused(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    running = await subscribe(client, tenant, customer)
    paused = await subscribe(client, tenant, customer)
    await act(client, tenant, paused["id"], "pause")

    async with database.transaction() as session:
        assert await cancel_active_subscriptions(session, customer_id=customer.id) == 2

    for subscription in (running, paused):
        path = f"/v1/subscriptions/{subscription['id']}"
        assert (await client.get(path, headers=tenant.headers)).json()["status"] == "cancelled"
    assert await active(database, customer) == (False, 0)
    assert await verify_stats(database) == []


async def test_concurrent_changes_keep_the_stat_exact(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    subscriptions = [await subscribe(client, tenant, customer) for _ in range(6)]

    await asyncio.gather(
        *(
            act(client, tenant, s["id"], action)
            for s in subscriptions
            for action in ("pause", "cancel", "pause", "resume")
        ),
        *(subscribe(client, tenant, customer) for _ in range(3)),
    )

    listed = await client.get(
        f"/v1/subscriptions?customer_id={customer.id}&status=active", headers=tenant.headers
    )
    running = listed.json()["pagination"]["total"]
    assert await active(database, customer) == (running > 0, running)
    assert await verify_stats(database) == []


async def test_subscriptions_are_isolated_by_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    subscription = await subscribe(client, tenant, customer)
    path = f"/v1/subscriptions/{subscription['id']}"

    for intruder in await intruders(database):
        theirs = await make_customer(database, intruder)
        assert (await client.get(path, headers=intruder.headers)).status_code == 404
        for action in ("pause", "resume", "cancel"):
            assert (await act(client, intruder, subscription["id"], action)).status_code == 404
        assert (await client.get("/v1/subscriptions", headers=intruder.headers)).json()[
            "data"
        ] == []
        foreign = await client.post(
            "/v1/subscriptions", json=subscription_body(customer), headers=intruder.headers
        )
        assert foreign.status_code == 404
        foreign_address = await client.post(
            "/v1/subscriptions",
            json=subscription_body(theirs, address_id=customer.address_id),
            headers=intruder.headers,
        )
        assert foreign_address.status_code == 404
    assert (await client.get(path, headers=tenant.headers)).json() == subscription
    assert await active(database, customer) == (True, 1)
