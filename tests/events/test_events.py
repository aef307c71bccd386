"""Events: one per committed change, carrying the resource as GET answers it, numbered in
commit order, listed newest first and read as a resumable feed."""

from typing import Any

import httpx
import pytest

from otesse.core import events
from otesse.core.db import Database
from otesse.core.sealing import ring
from tests.events_support import number_events
from tests.factories import HOME, Tenant, assert_error, create_customer, make_tenant


async def _events(client: httpx.AsyncClient, tenant: Tenant, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/events", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    listed: dict[str, Any] = response.json()
    return listed


async def test_a_creation_writes_an_event_with_the_customer_as_get_answers_it(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    response = await client.post(
        "/v1/customers",
        json={"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "address": HOME},
        headers={**tenant.headers, "Idempotency-Key": "create-ann"},
    )
    assert response.status_code == 201
    # Committed but not numbered yet: the feed shows numbered events only.
    assert (await _events(client, tenant))["data"] == []
    await number_events(database)

    listed = await _events(client, tenant)
    assert listed["pagination"]["total"] == 1 and listed["has_more"] is False
    event = listed["data"][0]
    got = await client.get(f"/v1/customers/{response.json()['id']}", headers=tenant.headers)
    assert event["type"] == "customer.created"
    assert event["object"] == "event" and event["id"].startswith("evt_")
    assert event["sequence"] == 1
    assert event["customer_id"] == response.json()["id"]
    assert event["data"] == {"object": got.json(), "previous_attributes": {}}
    assert event["request"] == {
        "id": response.headers["Request-Id"],
        "idempotency_key": "create-ann",
    }
    one = await client.get(f"/v1/events/{event['id']}", headers=tenant.headers)
    assert one.status_code == 200 and one.json() == event


async def test_an_update_carries_the_fields_it_changed_with_their_old_values(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant, first_name="Old")
    patched = await client.patch(
        f"/v1/customers/{customer['id']}", json={"first_name": "New"}, headers=tenant.headers
    )
    assert patched.status_code == 200
    await number_events(database)
    newest = (await _events(client, tenant))["data"][0]
    assert newest["type"] == "customer.updated"
    assert newest["data"]["object"] == patched.json()
    previous = newest["data"]["previous_attributes"]
    assert previous["first_name"] == "Old"
    assert set(previous) <= {"first_name", "updated_at"}


async def test_every_kind_of_change_writes_its_event(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    headers = tenant.headers
    zone = await client.post(
        "/v1/zones", json={"name": "Eugene", "zip_codes": ["97401"]}, headers=headers
    )
    await client.patch(
        f"/v1/zones/{zone.json()['id']}", json={"name": "Eugene OR"}, headers=headers
    )
    customer = await create_customer(client, tenant, address=HOME)
    address_id = customer["addresses"][0]["id"]
    await client.post(f"/v1/customers/{customer['id']}/addresses", json=HOME, headers=headers)
    booking = await client.post(
        "/v1/bookings",
        json={
            "customer_id": customer["id"],
            "address_id": address_id,
            "service": "standard_cleaning",
            "scheduled_at": "2030-02-15T10:00:00Z",
            "duration_minutes": 120,
            "price": 16250,
        },
        headers=headers,
    )
    booking_id = booking.json()["id"]
    await client.post(f"/v1/bookings/{booking_id}/confirm", headers=headers)
    await client.post(f"/v1/bookings/{booking_id}/complete", headers=headers)
    subscription = await client.post(
        "/v1/subscriptions",
        json={
            "customer_id": customer["id"],
            "address_id": address_id,
            "service": "standard_cleaning",
            "frequency": "weekly",
            "price": 15000,
            "start_date": "2030-01-01",
        },
        headers=headers,
    )
    assert subscription.status_code == 201, subscription.text
    subscription_id = subscription.json()["id"]
    for action in ("pause", "resume"):
        await client.post(f"/v1/subscriptions/{subscription_id}/{action}", headers=headers)
    invoice = await client.post(
        "/v1/invoices",
        json={
            "customer_id": customer["id"],
            "line_items": [{"description": "Clean", "quantity": 1, "unit_amount": 100}],
        },
        headers=headers,
    )
    assert invoice.status_code == 201, invoice.text
    await client.post(f"/v1/invoices/{invoice.json()['id']}/pay", headers=headers)
    future = await client.post(
        "/v1/bookings",
        json={
            "customer_id": customer["id"],
            "address_id": address_id,
            "service": "deep_cleaning",
            "scheduled_at": "2031-02-15T10:00:00Z",
            "duration_minutes": 120,
            "price": 16250,
        },
        headers=headers,
    )
    assert future.status_code == 201
    # Deactivation cancels the future booking and the subscription: each writes its event.
    await client.delete(f"/v1/customers/{customer['id']}", headers=headers)
    await number_events(database)

    listed = await _events(client, tenant, per_page=100)
    types = [event["type"] for event in reversed(listed["data"])]
    assert types == [
        "zone.created",
        "zone.updated",
        "customer.created",
        "customer.address_added",
        "booking.created",
        "booking.updated",
        "booking.completed",
        "subscription.created",
        "subscription.paused",
        "subscription.resumed",
        "invoice.created",
        "invoice.paid",
        "booking.created",
        "booking.cancelled",
        "subscription.cancelled",
        "customer.deactivated",
    ]
    sequences = [event["sequence"] for event in reversed(listed["data"])]
    assert sequences == list(range(1, len(types) + 1))
    completed = next(e for e in listed["data"] if e["type"] == "booking.completed")
    assert completed["data"]["previous_attributes"]["status"] == "confirmed"
    assert completed["data"]["object"]["status"] == "completed"


async def test_a_refused_change_writes_no_event(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    await create_customer(client, tenant, email="taken@example.com")
    again = await client.post(
        "/v1/customers",
        json={"first_name": "A", "last_name": "B", "email": "taken@example.com"},
        headers=tenant.headers,
    )
    assert again.status_code == 409
    await number_events(database)
    assert (await _events(client, tenant))["pagination"]["total"] == 1


async def test_the_feed_is_read_oldest_first_and_resumed_by_sequence(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    for i in range(5):
        await create_customer(client, tenant, email=f"c{i}@example.com")
    await number_events(database)
    first = await _events(client, tenant, after_sequence=0, per_page=2)
    assert [e["sequence"] for e in first["data"]] == [1, 2]
    assert first["has_more"] is True and first["pagination"]["total"] == 5
    rest = await _events(client, tenant, after_sequence=2, per_page=100)
    assert [e["sequence"] for e in rest["data"]] == [3, 4, 5] and rest["has_more"] is False
    await create_customer(client, tenant, email="late@example.com")
    await number_events(database)
    resumed = await _events(client, tenant, after_sequence=5)
    assert [e["sequence"] for e in resumed["data"]] == [6]


async def test_filters_by_type_family_customer_and_date(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant)
    await client.patch(
        f"/v1/customers/{customer['id']}", json={"first_name": "X"}, headers=tenant.headers
    )
    await client.post(
        "/v1/zones", json={"name": "Z", "zip_codes": ["97401"]}, headers=tenant.headers
    )
    await number_events(database)
    family = await _events(client, tenant, type="customer.*")
    assert {e["type"] for e in family["data"]} == {"customer.created", "customer.updated"}
    both = await client.get(
        "/v1/events?type=zone.created&type=customer.created", headers=tenant.headers
    )
    assert {e["type"] for e in both.json()["data"]} == {"zone.created", "customer.created"}
    mine = await _events(client, tenant, customer_id=customer["id"])
    assert mine["pagination"]["total"] == 2
    assert (await _events(client, tenant, created_after="2999-01-01"))["data"] == []
    unknown = await client.get("/v1/events?type=customer.exploded", headers=tenant.headers)
    assert_error(unknown, 400, "parameter_invalid", "type")
    assert (await client.get("/v1/events/evt_nope", headers=tenant.headers)).status_code == 404


async def test_a_test_key_never_sees_live_events(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    live = await make_tenant(database, name="acme", mode="live")
    await create_customer(client, live)
    await number_events(database)
    assert (await _events(client, tenant))["data"] == []
    assert (await _events(client, live))["pagination"]["total"] == 1


async def test_an_event_committed_late_is_numbered_after_those_already_read(
    database: Database, tenant: Tenant
) -> None:
    """Transaction A writes its event first but commits last: a reader who has read B's
    event must still find A's after it."""
    if database.is_sqlite:
        pytest.skip("SQLite runs one writing transaction at a time")

    async def write(session: Any, name: str) -> None:
        await events.record(
            session,
            account_id=tenant.account_id,
            mode=tenant.mode,
            type="zone.created",
            customer_id=None,
            resource={"name": name},
        )

    async with database.transaction() as late:
        await write(late, "A")
        async with database.transaction() as early:
            await write(early, "B")
        await number_events(database)
        async with database.session() as reader:
            seen = await events_after(reader, tenant, 0)
        assert seen == [(1, "B")]
    await number_events(database)
    async with database.session() as reader:
        assert await events_after(reader, tenant, 1) == [(2, "A")]


async def events_after(session: Any, tenant: Tenant, sequence: int) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from otesse.models import Event

    rows = await session.execute(
        select(Event.id, Event.sequence, Event.data)
        .where(Event.account_id == tenant.account_id, Event.sequence > sequence)
        .order_by(Event.sequence)
    )
    import orjson

    # Stored sealed (docs/privacy.md): read as the feed reads it.
    return [
        (row.sequence, orjson.loads(ring().open(row.data, row.id))["object"]["name"])
        for row in rows
    ]
