"""Bookings: creation rules, the status flow, and the stats a completion moves."""

import asyncio
import re
from typing import Any

import httpx
import pytest

from otesse.bookings.repository import cancel_future_bookings
from otesse.core.db import Database
from tests.factories import (
    Tenant,
    booking_body,
    create_booking,
    intruders,
    make_address,
    make_customer,
    stats_of,
    subscription_body,
    verify_stats,
)


async def test_create_and_get_a_booking(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)

    booking = await create_booking(
        client, tenant, customer, scheduled_at="2026-02-15T02:00:00-08:00", notes="Gate code 12"
    )

    assert booking["id"].startswith("bkg_")
    assert booking["status"] == "scheduled"
    assert booking["scheduled_at"] == "2026-02-15T10:00:00Z"
    assert booking["currency"] == "usd"
    assert booking["price"] == 16250
    assert booking["subscription_id"] is None
    fetched = await client.get(f"/v1/bookings/{booking['id']}", headers=tenant.headers)
    assert fetched.json() == booking


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"service": "window_washing"}, "service"),
        ({"duration_minutes": 14}, "duration_minutes"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"price": -1}, "price"),
        ({"currency": "eur"}, "currency"),
        ({"scheduled_at": "2026-02-15T10:00:00"}, "scheduled_at"),
        ({"scheduled_at": "tomorrow"}, "scheduled_at"),
        ({"status": "completed"}, "status"),
        ({"id": "bkg_1"}, "id"),
    ],
)
async def test_invalid_booking_bodies_are_400(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    overrides: dict[str, Any],
    param: str,
) -> None:
    customer = await make_customer(database, tenant)

    response = await client.post(
        "/v1/bookings", json=booking_body(customer, **overrides), headers=tenant.headers
    )

    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_booking_refuses_anothers_address_and_subscription(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    neighbour = await make_customer(database, tenant, email="jane@example.com")
    theirs = (
        await client.post(
            "/v1/subscriptions", json=subscription_body(neighbour), headers=tenant.headers
        )
    ).json()

    wrong_address = await client.post(
        "/v1/bookings",
        json=booking_body(customer, address_id=neighbour.address_id),
        headers=tenant.headers,
    )
    wrong_subscription = await client.post(
        "/v1/bookings",
        json=booking_body(customer, subscription_id=theirs["id"]),
        headers=tenant.headers,
    )
    missing_customer = await client.post(
        "/v1/bookings", json=booking_body(customer, customer_id="cust_nope"), headers=tenant.headers
    )

    assert wrong_address.status_code == 404
    assert wrong_address.json()["error"]["param"] == "address_id"
    assert wrong_subscription.status_code == 404
    assert wrong_subscription.json()["error"]["param"] == "subscription_id"
    assert missing_customer.status_code == 404
    assert missing_customer.json()["error"]["param"] == "customer_id"
    listed = await client.get("/v1/bookings", headers=tenant.headers)
    assert listed.json()["data"] == []


async def test_booking_with_the_customers_subscription(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    subscription = (
        await client.post(
            "/v1/subscriptions", json=subscription_body(customer), headers=tenant.headers
        )
    ).json()

    booking = await create_booking(client, tenant, customer, subscription_id=subscription["id"])

    assert booking["subscription_id"] == subscription["id"]


async def test_a_deactivated_customer_takes_no_booking(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant, status="deactivated")

    response = await client.post(
        "/v1/bookings", json=booking_body(customer), headers=tenant.headers
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "customer_deactivated"


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str) -> httpx.Response:
    return await client.post(path, headers=tenant.headers)


async def test_full_status_flow_and_stats(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    later = await create_booking(client, tenant, customer, scheduled_at="2026-02-15T10:00:00Z")
    earlier = await create_booking(client, tenant, customer, scheduled_at="2026-01-10T10:00:00Z")
    base = f"/v1/bookings/{later['id']}"

    confirmed = await post(client, tenant, f"{base}/confirm")
    started = await post(client, tenant, f"{base}/start")
    completed = await post(client, tenant, f"{base}/complete")

    assert [confirmed.json()["status"], started.json()["status"]] == ["confirmed", "in_progress"]
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"
    assert completed.json()["completed_at"].endswith("Z")
    assert (await stats_of(database, customer.id))["total_bookings"] == 1
    # Completing an earlier visit afterwards never moves last_booking_at backwards.
    assert (await post(client, tenant, f"/v1/bookings/{earlier['id']}/complete")).status_code == 200
    assert await stats_of(database, customer.id) == {
        "total_bookings": 2,
        "total_spent": 0,
        "last_booking_at": "2026-02-15T10:00:00Z",
        "active_subscription": False,
        "active_subscriptions": 0,
    }
    assert await verify_stats(database) == []


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        (["cancel"], "complete"),
        (["cancel"], "confirm"),
        (["cancel"], "start"),
        (["cancel"], "cancel"),
        (["complete"], "complete"),
        (["complete"], "cancel"),
        (["confirm"], "confirm"),
        (["start"], "cancel"),
        (["start"], "confirm"),
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
    booking = await create_booking(client, tenant, customer)
    for step in setup:
        assert (await post(client, tenant, f"/v1/bookings/{booking['id']}/{step}")).is_success
    before = (await client.get(f"/v1/bookings/{booking['id']}", headers=tenant.headers)).json()
    stats_before = await stats_of(database, customer.id)

    response = await post(client, tenant, f"/v1/bookings/{booking['id']}/{action}")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "booking_status_invalid"
    after = (await client.get(f"/v1/bookings/{booking['id']}", headers=tenant.headers)).json()
    assert after == before
    assert await stats_of(database, customer.id) == stats_before


async def test_reschedule_while_open_only(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)
    path = f"/v1/bookings/{booking['id']}"

    moved = await client.patch(
        path,
        json={"scheduled_at": "2026-03-01T16:30:00Z", "duration_minutes": 90, "notes": "Dog"},
        headers=tenant.headers,
    )
    assert moved.status_code == 200
    assert moved.json()["scheduled_at"] == "2026-03-01T16:30:00Z"
    assert moved.json()["duration_minutes"] == 90
    assert moved.json()["notes"] == "Dog"
    cleared = await client.patch(path, json={"notes": None}, headers=tenant.headers)
    assert cleared.json()["notes"] is None

    invalid = await client.patch(path, json={"duration_minutes": 5}, headers=tenant.headers)
    assert invalid.status_code == 400
    assert invalid.json()["error"]["param"] == "duration_minutes"
    read_only = await client.patch(path, json={"status": "completed"}, headers=tenant.headers)
    assert read_only.status_code == 400
    null_time = await client.patch(path, json={"scheduled_at": None}, headers=tenant.headers)
    assert null_time.status_code == 400
    assert null_time.json()["error"]["param"] == "scheduled_at"

    await post(client, tenant, f"{path}/complete")
    refused = await client.patch(path, json={"notes": "late"}, headers=tenant.headers)
    assert refused.status_code == 409
    assert (await client.get(path, headers=tenant.headers)).json()["notes"] is None


async def test_ten_concurrent_completes_count_once(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)

    responses = await asyncio.gather(
        *(post(client, tenant, f"/v1/bookings/{booking['id']}/complete") for _ in range(10))
    )

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9
    assert (await stats_of(database, customer.id))["total_bookings"] == 1
    assert await verify_stats(database) == []


async def test_concurrent_completes_of_many_bookings_add_up(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    bookings = [
        await create_booking(client, tenant, customer, scheduled_at=f"2026-01-{day:02d}T10:00:00Z")
        for day in range(1, 9)
    ]

    responses = await asyncio.gather(
        *(post(client, tenant, f"/v1/bookings/{b['id']}/complete") for b in bookings),
        *(post(client, tenant, f"/v1/bookings/{b['id']}/cancel") for b in bookings[:4]),
    )

    assert all(r.status_code in (200, 409) for r in responses)
    completed = sum(1 for r in responses[:8] if r.status_code == 200)
    stats = await stats_of(database, customer.id)
    assert stats["total_bookings"] == completed
    assert stats["last_booking_at"] == "2026-01-08T10:00:00Z"
    assert await verify_stats(database) == []


async def test_bookings_are_isolated_by_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)
    path = f"/v1/bookings/{booking['id']}"

    for intruder in await intruders(database):
        theirs = await make_customer(database, intruder)
        assert (await client.get(path, headers=intruder.headers)).status_code == 404
        patch = await client.patch(path, json={"notes": "x"}, headers=intruder.headers)
        assert patch.status_code == 404
        for action in ("confirm", "start", "complete", "cancel"):
            assert (await post(client, intruder, f"{path}/{action}")).status_code == 404
        listed = await client.get("/v1/bookings", headers=intruder.headers)
        assert listed.json()["data"] == []
        scoped = await client.get(f"/v1/customers/{customer.id}/bookings", headers=intruder.headers)
        assert scoped.status_code == 404
        # acme's customer and address ids inside an intruder's body are 404s too.
        foreign_customer = await client.post(
            "/v1/bookings", json=booking_body(customer), headers=intruder.headers
        )
        assert foreign_customer.status_code == 404
        assert foreign_customer.json()["error"]["param"] == "customer_id"
        foreign_address = await client.post(
            "/v1/bookings",
            json=booking_body(theirs, address_id=customer.address_id),
            headers=intruder.headers,
        )
        assert foreign_address.status_code == 404
        assert foreign_address.json()["error"]["param"] == "address_id"
    unchanged = (await client.get(path, headers=tenant.headers)).json()
    assert unchanged == booking


async def test_a_booking_may_use_any_of_the_customers_addresses(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    office = await make_address(database, tenant, customer.id, zip_code="97477")

    booking = await create_booking(client, tenant, customer, address_id=office)

    assert booking["address_id"] == office


async def test_deactivation_cascade_cancels_only_future_open_bookings(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    past = await create_booking(client, tenant, customer, scheduled_at="2020-01-01T10:00:00Z")
    future = await create_booking(client, tenant, customer, scheduled_at="2099-01-01T10:00:00Z")
    done = await create_booking(client, tenant, customer, scheduled_at="2099-02-01T10:00:00Z")
    await post(client, tenant, f"/v1/bookings/{done['id']}/complete")

    async with database.transaction() as session:
        assert await cancel_future_bookings(session, customer_id=customer.id) == 1

    async def status(booking: dict[str, Any]) -> str:
        response = await client.get(f"/v1/bookings/{booking['id']}", headers=tenant.headers)
        return str(response.json()["status"])

    assert [await status(b) for b in (past, future, done)] == [
        "scheduled",
        "cancelled",
        "completed",
    ]
    assert (await stats_of(database, customer.id))["total_bookings"] == 1


@pytest.mark.parametrize("moment", ["0001-01-01T00:01:35+19:22", "9999-12-31T23:00:00-05:00"])
async def test_times_at_the_calendar_edge_are_400_as_the_document_says(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, moment: str
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)

    moved = await client.patch(
        f"/v1/bookings/{booking['id']}", json={"scheduled_at": moment}, headers=tenant.headers
    )

    assert moved.status_code == 400
    assert moved.json()["error"]["param"] == "scheduled_at"
    document = (await client.get("/v1/openapi.json")).json()
    update = document["components"]["schemas"]["BookingUpdate"]["properties"]["scheduled_at"]
    pattern = update.get("pattern") or update["anyOf"][0]["pattern"]
    assert re.match(pattern, moment) is None
    assert re.match(pattern, "2026-03-01T16:30:00Z")
