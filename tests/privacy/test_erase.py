"""POST /v1/customers/{id}/erase: the person's data replaced or cleared in one transaction,
the financial record kept, stats exact, future work and unsent mail cancelled, every later
write refused; the raw tables hold none of the erased values."""

from typing import Any

import httpx
from sqlalchemy import select

from otesse.core.db import Database
from otesse.models import Booking, Customer, Invoice, InvoiceLineItem, OutboxMessage
from tests.factories import (
    HOME,
    CustomerRef,
    Tenant,
    assert_error,
    create_booking,
    create_customer,
    create_invoice,
    verify_stats,
)
from tests.privacy.test_sealing import raw_database


async def _erase(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str, **headers: str
) -> httpx.Response:
    return await client.post(
        f"/v1/customers/{customer_id}/erase",
        json={"confirm": customer_id},
        headers={**tenant.headers, **headers},
    )


async def _person(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, Any]:
    made = await create_customer(
        client,
        tenant,
        first_name="Ottoline",
        last_name="Quaritch",
        email="ottoline.quaritch@example.com",
        phone="+15415550199",
        address={
            **HOME,
            "street": "77 Willamette Bluff Rd",
            "access_notes": "lockbox behind the heron planter",
        },
    )
    ref = CustomerRef(made["id"], made["addresses"][0]["id"])
    past = await create_booking(
        client, tenant, ref, scheduled_at="2026-01-10T10:00:00Z", notes="ring twice, Ottoline"
    )
    done = await client.post(f"/v1/bookings/{past['id']}/complete", headers=tenant.headers)
    assert done.status_code == 200, done.text
    await create_booking(client, tenant, ref, scheduled_at="2099-05-01T10:00:00Z")
    subscribed = await client.post(
        "/v1/subscriptions",
        json={
            "customer_id": ref.id,
            "address_id": ref.address_id,
            "service": "standard_cleaning",
            "frequency": "biweekly",
            "price": 15000,
            "start_date": "2026-03-01",
        },
        headers=tenant.headers,
    )
    assert subscribed.status_code == 201, subscribed.text
    invoice = await create_invoice(client, tenant, ref)
    return {"customer": made, "invoice": invoice, "past": past}


async def test_erasure_clears_the_person_and_keeps_the_financial_record(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    person = await _person(client, tenant)
    customer_id = person["customer"]["id"]

    erased = await _erase(client, tenant, customer_id)

    assert erased.status_code == 200, erased.text
    body = erased.json()
    assert body["status"] == "erased" and body["erased_at"] is not None
    assert (body["first_name"], body["last_name"], body["phone"]) == ("Erased", "Customer", None)
    assert body["email"].endswith("@erased.invalid") and customer_id.lower() in body["email"]
    [address] = body["addresses"]
    assert address["street"] == "erased" and address["access_notes"] is None
    assert body["stats"]["active_subscription"] is False
    assert body["stats"]["total_bookings"] == 1  # the completed booking stays counted
    got = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    assert got.content == erased.content
    assert await verify_stats(database) == []

    async with database.session(read_only=True) as session:
        bookings = list(await session.scalars(select(Booking).order_by(Booking.scheduled_at)))
        invoice = await session.get(Invoice, person["invoice"]["id"])
        lines = list(await session.scalars(select(InvoiceLineItem)))
    assert [booking.status for booking in bookings] == ["completed", "cancelled"]
    assert all(booking.notes is None for booking in bookings)
    assert bookings[0].price == person["past"]["price"]
    assert invoice is not None and invoice.amount_due == person["invoice"]["amount_due"]
    assert invoice.customer_id == customer_id
    assert [line.description for line in lines] == ["Standard cleaning", "Inside oven"]

    dump = await raw_database(database, checkpointed=True)
    for gone in (
        b"Ottoline",
        b"Quaritch",
        b"5415550199",
        b"Willamette",
        b"heron planter",
        b"twice",
    ):
        assert gone not in dump, gone


async def test_the_email_is_free_again_and_the_erased_record_takes_no_change(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    person = await _person(client, tenant)
    customer_id = person["customer"]["id"]
    address_id = person["customer"]["addresses"][0]["id"]
    assert (await _erase(client, tenant, customer_id)).status_code == 200

    again = await create_customer(client, tenant, email="ottoline.quaritch@example.com")
    assert again["id"] != customer_id

    headers = tenant.headers
    refused = [
        await client.patch(
            f"/v1/customers/{customer_id}", json={"first_name": "X"}, headers=headers
        ),
        await client.delete(f"/v1/customers/{customer_id}", headers=headers),
        await client.post(f"/v1/customers/{customer_id}/addresses", json=HOME, headers=headers),
        await client.patch(
            f"/v1/customers/{customer_id}/addresses/{address_id}",
            json={"access_notes": "new"},
            headers=headers,
        ),
        await client.post(f"/v1/customers/{customer_id}/invitation", headers=headers),
        await client.post(
            "/v1/bookings",
            json={
                "customer_id": customer_id,
                "address_id": address_id,
                "service": "standard_cleaning",
                "scheduled_at": "2099-06-01T10:00:00Z",
                "duration_minutes": 60,
                "price": 100,
            },
            headers=headers,
        ),
    ]
    for response in refused:
        assert_error(response, 409, "customer_erased")


async def test_erasing_twice_answers_the_same_record(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    person = await _person(client, tenant)
    customer_id = person["customer"]["id"]

    first = await _erase(client, tenant, customer_id, **{"Idempotency-Key": "erase-1"})
    replayed = await _erase(client, tenant, customer_id, **{"Idempotency-Key": "erase-1"})
    second = await _erase(client, tenant, customer_id)

    assert first.status_code == replayed.status_code == second.status_code == 200
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert first.content == replayed.content == second.content


async def test_the_confirmation_must_name_the_customer(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(client, tenant)

    path = f"/v1/customers/{made['id']}/erase"
    other = await client.post(path, json={"confirm": "cust_other"}, headers=tenant.headers)
    assert_error(other, 409, "confirmation_mismatch", "confirm")
    for body in ({}, {"confirm": made["id"], "extra": 1}):
        response = await client.post(path, json=body, headers=tenant.headers)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["param"] in ("confirm", "extra")
    got = await client.get(f"/v1/customers/{made['id']}", headers=tenant.headers)
    assert got.json()["status"] == "active"
    missing = await client.post(
        "/v1/customers/cust_nope/erase", json={"confirm": "cust_nope"}, headers=tenant.headers
    )
    assert_error(missing, 404, "resource_missing")


async def test_mail_not_yet_sent_to_the_person_is_cancelled(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(client, tenant, send_invitation=True)
    other = await create_customer(client, tenant, email="other@example.com", send_invitation=True)

    assert (await _erase(client, tenant, made["id"])).status_code == 200

    async with database.session(read_only=True) as session:
        statuses = {
            message.payload: message.status
            for message in await session.scalars(select(OutboxMessage))
        }
    assert sorted(statuses.values()) == ["cancelled", "pending"]
    [kept] = [payload for payload, status in statuses.items() if status == "pending"]
    assert other["id"] in kept
    async with database.session(read_only=True) as session:
        customer = await session.get(Customer, made["id"])
    assert customer is not None and customer.search_text == ""


async def test_an_erased_customer_drops_out_of_lists_and_search(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    person = await _person(client, tenant)
    customer_id = person["customer"]["id"]
    kept = await create_customer(client, tenant, email="kept@example.com", send_invitation=False)
    assert (await _erase(client, tenant, customer_id)).status_code == 200

    async def ids(query: str) -> tuple[list[str], int]:
        response = await client.get(f"/v1/customers{query}", headers=tenant.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        return [customer["id"] for customer in page["data"]], page["pagination"]["total"]

    assert await ids("") == ([kept["id"]], 1)
    assert await ids("?has_subscription=false") == ([kept["id"]], 1)
    assert await ids("?search=quaritch") == ([], 0)
    assert await ids("?search=erased") == ([], 0)
    assert await ids("?created_after=2000-01-01") == ([kept["id"]], 1)
    assert await ids("?status=erased") == ([customer_id], 1)
    assert await ids("?status=active") == ([kept["id"]], 1)
