"""Idempotency-Key on the domain POSTs: a replay gets the first answer and changes nothing
more; the same key with another request is 409."""

from typing import Any

import httpx

from otesse.core.db import Database
from tests.factories import (
    CustomerRef,
    Tenant,
    add_address,
    assert_error,
    booking_body,
    create_customer,
    create_invoice,
)


async def api_customer(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> CustomerRef:
    customer = await create_customer(client, tenant, **fields)
    address = await add_address(client, tenant, customer["id"])
    return CustomerRef(id=customer["id"], address_id=address["id"])


async def test_booking_create_replays_and_refuses_another_body(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    headers = {**tenant.headers, "Idempotency-Key": "bkg-1"}
    body = booking_body(customer)

    first = await client.post("/v1/bookings", json=body, headers=headers)
    replay = await client.post("/v1/bookings", json=body, headers=headers)
    other = await client.post("/v1/bookings", json={**body, "price": 1}, headers=headers)

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert_error(other, 409, "idempotency_key_reused", "Idempotency-Key")
    listed = await client.get(f"/v1/customers/{customer.id}/bookings", headers=tenant.headers)
    assert [booking["id"] for booking in listed.json()["data"]] == [first.json()["id"]]


async def test_invoice_pay_replays_and_counts_once(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    invoice = await create_invoice(client, tenant, customer)
    other = await create_invoice(client, tenant, customer)
    headers = {**tenant.headers, "Idempotency-Key": "pay-1"}

    first = await client.post(f"/v1/invoices/{invoice['id']}/pay", headers=headers)
    replay = await client.post(f"/v1/invoices/{invoice['id']}/pay", headers=headers)
    reused = await client.post(f"/v1/invoices/{other['id']}/pay", headers=headers)

    assert first.status_code == replay.status_code == 200
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert_error(reused, 409, "idempotency_key_reused", "Idempotency-Key")
    fetched = await client.get(f"/v1/customers/{customer.id}", headers=tenant.headers)
    assert fetched.json()["stats"]["total_spent"] == invoice["amount_due"]
    still_open = await client.get(f"/v1/invoices/{other['id']}", headers=tenant.headers)
    assert still_open.json()["status"] == "open"


async def test_every_domain_post_takes_a_key(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    zone = {"name": "North", "zip_codes": ["97401"]}
    booking = booking_body(customer)
    subscription = {
        "customer_id": customer.id,
        "address_id": customer.address_id,
        "service": "standard_cleaning",
        "frequency": "weekly",
        "price": 15000,
        "start_date": "2027-03-01",
    }
    for n, (path, body) in enumerate(
        [("/v1/zones", zone), ("/v1/bookings", booking), ("/v1/subscriptions", subscription)]
    ):
        headers = {**tenant.headers, "Idempotency-Key": f"create-{n}"}
        first = await client.post(path, json=body, headers=headers)
        replay = await client.post(path, json=body, headers=headers)
        assert first.status_code == 201, first.text
        assert replay.json() == first.json()
        assert replay.headers.get("Idempotent-Replayed") == "true", path
