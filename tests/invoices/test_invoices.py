"""Invoices: issued open, then paid in full or void; payments move total_spent."""

import asyncio
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import (
    Tenant,
    create_booking,
    create_invoice,
    intruders,
    invoice_body,
    make_customer,
    stats_of,
    verify_stats,
)


async def act(
    client: httpx.AsyncClient, tenant: Tenant, invoice_id: str, action: str
) -> httpx.Response:
    return await client.post(f"/v1/invoices/{invoice_id}/{action}", headers=tenant.headers)


async def test_create_and_get_an_invoice(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)

    invoice = await create_invoice(client, tenant, customer, booking_id=booking["id"])

    assert invoice["id"].startswith("inv_")
    assert invoice["status"] == "open"
    assert invoice["booking_id"] == booking["id"]
    assert invoice["amount_due"] == 20000
    assert invoice["amount_paid"] == 0
    assert invoice["currency"] == "usd"
    assert invoice["issued_at"].endswith("Z")
    assert invoice["line_items"] == [
        {"description": "Standard cleaning", "quantity": 1, "unit_amount": 15000, "amount": 15000},
        {"description": "Inside oven", "quantity": 2, "unit_amount": 2500, "amount": 5000},
    ]
    fetched = await client.get(f"/v1/invoices/{invoice['id']}", headers=tenant.headers)
    assert fetched.json() == invoice


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"line_items": []}, "line_items"),
        (
            {"line_items": [{"description": "x", "quantity": 0, "unit_amount": 1}]},
            "line_items.0.quantity",
        ),
        (
            {"line_items": [{"description": "x", "quantity": 1, "unit_amount": -1}]},
            "line_items.0.unit_amount",
        ),
        (
            {"line_items": [{"description": "", "quantity": 1, "unit_amount": 1}]},
            "line_items.0.description",
        ),
        (
            {"line_items": [{"description": "x", "quantity": 1, "unit_amount": 1, "tax": 1}]},
            "line_items.0.tax",
        ),
        (
            {"line_items": [{"description": "x", "quantity": 1, "unit_amount": 1}] * 101},
            "line_items",
        ),
        ({"currency": "eur"}, "currency"),
        ({"amount_due": 5}, "amount_due"),
        ({"status": "paid"}, "status"),
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
        "/v1/invoices", json=invoice_body(customer, **overrides), headers=tenant.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_refuses_anothers_booking(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    other = await make_customer(database, tenant, email="jane@example.com")
    theirs = await create_booking(client, tenant, other)

    response = await client.post(
        "/v1/invoices", json=invoice_body(customer, booking_id=theirs["id"]), headers=tenant.headers
    )

    assert response.status_code == 404
    assert response.json()["error"]["param"] == "booking_id"


async def test_pay_and_void(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> None:
    customer = await make_customer(database, tenant)
    first = await create_invoice(client, tenant, customer)
    second = await create_invoice(client, tenant, customer)

    paid = await act(client, tenant, first["id"], "pay")
    voided = await act(client, tenant, second["id"], "void")

    assert paid.status_code == 200
    assert paid.json()["status"] == "paid"
    assert paid.json()["amount_paid"] == 20000
    assert paid.json()["paid_at"].endswith("Z")
    assert voided.json()["status"] == "void"
    assert voided.json()["amount_paid"] == 0
    assert voided.json()["voided_at"].endswith("Z")
    assert (await stats_of(database, customer.id))["total_spent"] == 20000
    assert await verify_stats(database) == []


@pytest.mark.parametrize(
    ("setup", "action"),
    [("void", "pay"), ("pay", "void"), ("pay", "pay"), ("void", "void")],
)
async def test_illegal_transitions_are_409_and_change_nothing(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, setup: str, action: str
) -> None:
    customer = await make_customer(database, tenant)
    invoice = await create_invoice(client, tenant, customer)
    await act(client, tenant, invoice["id"], setup)
    path = f"/v1/invoices/{invoice['id']}"
    before = (await client.get(path, headers=tenant.headers)).json()
    stats_before = await stats_of(database, customer.id)

    response = await act(client, tenant, invoice["id"], action)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invoice_status_invalid"
    assert (await client.get(path, headers=tenant.headers)).json() == before
    assert await stats_of(database, customer.id) == stats_before


async def test_concurrent_pays_on_many_invoices_add_up_exactly(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    invoices = [
        await create_invoice(
            client,
            tenant,
            customer,
            line_items=[{"description": "Visit", "quantity": 1, "unit_amount": 1000 + n}],
        )
        for n in range(8)
    ]

    responses = await asyncio.gather(
        *(act(client, tenant, inv["id"], "pay") for inv in invoices for _ in range(2)),
        *(act(client, tenant, inv["id"], "void") for inv in invoices[:3]),
    )

    assert all(r.status_code in (200, 409) for r in responses)
    listed = await client.get(
        f"/v1/customers/{customer.id}/invoices?status=paid", headers=tenant.headers
    )
    paid = listed.json()["data"]
    assert (await stats_of(database, customer.id))["total_spent"] == sum(
        inv["amount_paid"] for inv in paid
    )
    assert len(paid) >= 5
    assert await verify_stats(database) == []


async def test_customer_invoices_newest_issued_first(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    other = await make_customer(database, tenant, email="jane@example.com")
    created = [await create_invoice(client, tenant, customer) for _ in range(3)]
    await create_invoice(client, tenant, other)
    path = f"/v1/customers/{customer.id}/invoices"

    listed = await client.get(path, headers=tenant.headers)
    second_page = await client.get(f"{path}?per_page=2&page=2", headers=tenant.headers)

    assert [i["id"] for i in listed.json()["data"]] == [i["id"] for i in reversed(created)]
    assert second_page.json()["pagination"] == {
        "page": 2,
        "per_page": 2,
        "total": 3,
        "total_pages": 2,
    }
    assert [i["id"] for i in second_page.json()["data"]] == [created[0]["id"]]
    assert 'rel="first"' in second_page.headers["Link"]
    everything = await client.get("/v1/invoices", headers=tenant.headers)
    assert everything.json()["pagination"]["total"] == 4
    for query, param in (("per_page=101", "per_page"), ("page=0", "page"), ("status=x", "status")):
        bad = await client.get(f"{path}?{query}", headers=tenant.headers)
        assert bad.status_code == 400
        assert bad.json()["error"]["param"] == param
    missing = await client.get("/v1/customers/cust_unknown/invoices", headers=tenant.headers)
    assert missing.status_code == 404


async def test_invoices_are_isolated_by_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)
    invoice = await create_invoice(client, tenant, customer)
    path = f"/v1/invoices/{invoice['id']}"

    for intruder in await intruders(database):
        theirs = await make_customer(database, intruder)
        assert (await client.get(path, headers=intruder.headers)).status_code == 404
        for action in ("pay", "void"):
            assert (await act(client, intruder, invoice["id"], action)).status_code == 404
        assert (await client.get("/v1/invoices", headers=intruder.headers)).json()["data"] == []
        scoped = await client.get(f"/v1/customers/{customer.id}/invoices", headers=intruder.headers)
        assert scoped.status_code == 404
        foreign = await client.post(
            "/v1/invoices", json=invoice_body(customer), headers=intruder.headers
        )
        assert foreign.status_code == 404
        foreign_booking = await client.post(
            "/v1/invoices",
            json=invoice_body(theirs, booking_id=booking["id"]),
            headers=intruder.headers,
        )
        assert foreign_booking.status_code == 404
        assert foreign_booking.json()["error"]["param"] == "booking_id"
    assert (await client.get(path, headers=tenant.headers)).json() == invoice
