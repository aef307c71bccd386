"""GET /v1/customers/{id}/export: everything held about the person as one JSON document,
each record as its own API shows it."""

from datetime import UTC, datetime, timedelta

import httpx
import orjson
from sqlalchemy import insert

from otesse.core.db import Database
from otesse.models import Booking
from tests.events_support import number_events
from tests.factories import (
    HOME,
    CustomerRef,
    Tenant,
    assert_error,
    create_booking,
    create_customer,
    create_invoice,
    intruders,
)


async def test_the_export_holds_everything_about_the_person(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(
        client, tenant, address={**HOME, "access_notes": "lockbox 4471"}, send_invitation=True
    )
    ref = CustomerRef(made["id"], made["addresses"][0]["id"])
    booking = await create_booking(client, tenant, ref, notes="dog in the yard")
    invoice = await create_invoice(client, tenant, ref)
    other = await create_customer(client, tenant, email="someone.else@example.com", address=HOME)
    await create_booking(client, tenant, CustomerRef(other["id"], other["addresses"][0]["id"]))

    await number_events(database)
    response = await client.get(f"/v1/customers/{made['id']}/export", headers=tenant.headers)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    document = orjson.loads(response.content)
    assert list(document) == [
        "object",
        "schema_version",
        "generated_at",
        "customer",
        "bookings",
        "subscriptions",
        "invoices",
        "invitations",
        "consents",
        "events",
    ]
    assert document["object"] == "customer_export" and document["schema_version"] == 1
    generated = datetime.fromisoformat(document["generated_at"])
    assert abs(generated - datetime.now(UTC)) < timedelta(minutes=1)
    got = await client.get(f"/v1/customers/{made['id']}", headers=tenant.headers)
    assert document["customer"] == got.json()
    assert document["customer"]["addresses"][0]["access_notes"] == "lockbox 4471"
    assert document["bookings"] == [booking]
    assert document["invoices"] == [invoice]
    assert document["subscriptions"] == []
    assert len(document["invitations"]) == 1
    # Created with no consent: the ledger is empty; the events are the person's only, as the
    # feed shows them (numbered).
    assert document["consents"] == []
    kinds = {event["type"] for event in document["events"]}
    assert {"customer.created", "booking.created", "invoice.created"} <= kinds
    assert {event["customer_id"] for event in document["events"]} == {made["id"]}
    assert set(document["invitations"][0]) == {
        "id",
        "sent",
        "created_at",
        "expires_at",
        "superseded_at",
    }


async def test_a_long_history_comes_out_whole(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(client, tenant, address=HOME)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        {
            "id": f"bkg_{number:08d}",
            "account_id": tenant.account_id,
            "mode": tenant.mode,
            "customer_id": made["id"],
            "address_id": made["addresses"][0]["id"],
            "service": "standard_cleaning",
            "status": "cancelled",
            "scheduled_at": start + timedelta(hours=number),
            "duration_minutes": 60,
            "price": 100,
            "currency": "usd",
            "cancelled_at": start,
            "created_at": start,
            "updated_at": start,
        }
        for number in range(5000)
    ]
    async with database.transaction() as session:
        await session.execute(insert(Booking), rows)

    response = await client.get(f"/v1/customers/{made['id']}/export", headers=tenant.headers)

    assert response.status_code == 200
    bookings = orjson.loads(response.content)["bookings"]
    assert [booking["id"] for booking in bookings] == [row["id"] for row in rows]


async def test_another_tenants_customer_is_not_found(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(client, tenant)
    for intruder in await intruders(database):
        response = await client.get(f"/v1/customers/{made['id']}/export", headers=intruder.headers)
        assert_error(response, 404, "resource_missing", "customer_id")
