"""Input the database would choke on (NUL in ids, parameters and bodies; dates that leave the
calendar once in UTC) is a 400 or a 404 on every domain endpoint, never a 500."""

from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import (
    Tenant,
    assert_error,
    booking_body,
    invoice_body,
    make_customer,
    subscription_body,
)

NUL = "a\x00b"
TOO_LATE = "9999-12-31T23:59:59-05:00"
TOO_EARLY = "0001-01-01T00:00:00+01:00"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/zones/zone%00"),
        ("PATCH", "/v1/zones/zone%00"),
        ("GET", "/v1/bookings/bkg%00"),
        ("PATCH", "/v1/bookings/bkg%00"),
        ("POST", "/v1/bookings/bkg%00/complete"),
        ("POST", "/v1/bookings/bkg%00/cancel"),
        ("GET", "/v1/subscriptions/sub%00"),
        ("POST", "/v1/subscriptions/sub%00/pause"),
        ("GET", "/v1/invoices/inv%00"),
        ("POST", "/v1/invoices/inv%00/pay"),
        ("POST", "/v1/invoices/inv%00/void"),
        ("GET", "/v1/customers/cust%00/bookings"),
        ("GET", "/v1/customers/cust%00/invoices"),
    ],
)
async def test_nul_in_an_id_is_404(
    client: httpx.AsyncClient, tenant: Tenant, method: str, path: str
) -> None:
    body = {"name": "x"} if method == "PATCH" else None
    response = await client.request(method, path, json=body, headers=tenant.headers)
    assert_error(response, 404, "resource_missing")


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("customer_id=a%00", "customer_id"),
        ("zone_id=a%00", "zone_id"),
        ("subscription_id=a%00", "subscription_id"),
        ("scheduled_after=" + TOO_EARLY.replace("+", "%2B"), "scheduled_after"),
        ("scheduled_before=" + TOO_LATE, "scheduled_before"),
        ("created_after=" + TOO_LATE, "created_after"),
    ],
)
async def test_booking_list_parameters(
    client: httpx.AsyncClient, tenant: Tenant, query: str, param: str
) -> None:
    for path in ("/v1/bookings", "/v1/subscriptions", "/v1/invoices"):
        if path != "/v1/bookings" and param != "customer_id":
            continue
        response = await client.get(f"{path}?{query}", headers=tenant.headers)
        assert_error(response, 400, "parameter_invalid", param)


@pytest.mark.parametrize(
    ("path", "make_body", "param"),
    [
        ("/v1/zones", lambda c: {"name": NUL}, "name"),
        ("/v1/bookings", lambda c: booking_body(c, customer_id=NUL), "customer_id"),
        ("/v1/bookings", lambda c: booking_body(c, address_id=NUL), "address_id"),
        ("/v1/bookings", lambda c: booking_body(c, subscription_id=NUL), "subscription_id"),
        ("/v1/bookings", lambda c: booking_body(c, notes=NUL), "notes"),
        ("/v1/bookings", lambda c: booking_body(c, scheduled_at=TOO_LATE), "scheduled_at"),
        ("/v1/bookings", lambda c: booking_body(c, scheduled_at=TOO_EARLY), "scheduled_at"),
        ("/v1/bookings", lambda c: booking_body(c, price=10**30), "price"),
        ("/v1/subscriptions", lambda c: subscription_body(c, customer_id=NUL), "customer_id"),
        ("/v1/subscriptions", lambda c: subscription_body(c, address_id=NUL), "address_id"),
        ("/v1/invoices", lambda c: invoice_body(c, customer_id=NUL), "customer_id"),
        ("/v1/invoices", lambda c: invoice_body(c, booking_id=NUL), "booking_id"),
        (
            "/v1/invoices",
            lambda c: invoice_body(
                c, line_items=[{"description": NUL, "quantity": 1, "unit_amount": 1}]
            ),
            "line_items.0.description",
        ),
    ],
)
async def test_bodies_the_database_would_refuse_are_400(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    path: str,
    make_body: Any,
    param: str,
) -> None:
    customer = await make_customer(database, tenant)
    response = await client.post(path, json=make_body(customer), headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", param)


async def test_a_reschedule_out_of_range_is_400(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    created = await client.post("/v1/bookings", json=booking_body(customer), headers=tenant.headers)
    path = f"/v1/bookings/{created.json()['id']}"
    for body, param in [({"scheduled_at": TOO_LATE}, "scheduled_at"), ({"notes": NUL}, "notes")]:
        response = await client.patch(path, json=body, headers=tenant.headers)
        assert_error(response, 400, "parameter_invalid", param)
