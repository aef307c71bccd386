"""GET /v1/bookings and GET /v1/customers/:id/bookings: every parameter and its validation."""

from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import (
    Tenant,
    create_booking,
    make_address,
    make_customer,
    subscription_body,
)


async def ids(client: httpx.AsyncClient, tenant: Tenant, path: str) -> list[str]:
    response = await client.get(path, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return [booking["id"] for booking in response.json()["data"]]


@pytest.fixture
async def bookings(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> dict[str, Any]:
    """Three bookings of John (one completed, one in a subscription, one at the office in
    a zone) and one of Jane."""
    zone = (
        await client.post(
            "/v1/zones",
            json={"name": "Springfield", "zip_codes": ["97477"]},
            headers=tenant.headers,
        )
    ).json()
    john = await make_customer(database, tenant)
    office = await make_address(database, tenant, john.id, zip_code="97477", zone_id=zone["id"])
    jane = await make_customer(database, tenant, first_name="Jane", email="jane@example.com")
    subscription = (
        await client.post("/v1/subscriptions", json=subscription_body(john), headers=tenant.headers)
    ).json()
    jan = await create_booking(client, tenant, john, scheduled_at="2026-01-10T10:00:00Z")
    feb = await create_booking(
        client,
        tenant,
        john,
        scheduled_at="2026-02-10T10:00:00Z",
        subscription_id=subscription["id"],
    )
    mar = await create_booking(
        client, tenant, john, scheduled_at="2026-03-10T10:00:00Z", address_id=office
    )
    janes = await create_booking(client, tenant, jane, scheduled_at="2026-02-20T10:00:00Z")
    await client.post(f"/v1/bookings/{jan['id']}/complete", headers=tenant.headers)
    return {
        "zone": zone["id"],
        "john": john.id,
        "jane": jane.id,
        "subscription": subscription["id"],
        "jan": jan["id"],
        "feb": feb["id"],
        "mar": mar["id"],
        "janes": janes["id"],
    }


async def test_default_order_is_newest_scheduled_first(
    client: httpx.AsyncClient, tenant: Tenant, bookings: dict[str, Any]
) -> None:
    b = bookings
    assert await ids(client, tenant, "/v1/bookings") == [b["mar"], b["janes"], b["feb"], b["jan"]]
    oldest_first = await ids(client, tenant, "/v1/bookings?sort=scheduled_at")
    assert oldest_first == [b["jan"], b["feb"], b["janes"], b["mar"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", ["jan"]),
        ("status=scheduled", ["mar", "janes", "feb"]),
        ("status=cancelled", []),
        ("customer_id={jane}", ["janes"]),
        ("customer_id=cust_unknown", []),
        ("zone_id={zone}", ["mar"]),
        ("zone_id=zone_unknown", []),
        ("subscription_id={subscription}", ["feb"]),
        ("scheduled_after=2026-02-10T10:00:00Z", ["mar", "janes"]),
        ("scheduled_before=2026-02-10T10:00:00Z", ["jan"]),
        (
            "scheduled_after=2026-01-31T00:00:00Z&scheduled_before=2026-03-01T00:00:00Z",
            ["janes", "feb"],
        ),
        ("scheduled_after=2026-02-10T02:00:00-08:00", ["mar", "janes"]),
        ("created_after=2000-01-01T00:00:00Z", ["mar", "janes", "feb", "jan"]),
        ("created_after=2100-01-01T00:00:00Z", []),
        ("customer_id={john}&status=scheduled&sort=scheduled_at", ["feb", "mar"]),
    ],
)
async def test_list_filters(
    client: httpx.AsyncClient,
    tenant: Tenant,
    bookings: dict[str, Any],
    query: str,
    expected: list[str],
) -> None:
    path = "/v1/bookings?" + query.format(**bookings).replace("+", "%2B")
    assert await ids(client, tenant, path) == [bookings[name] for name in expected]


async def test_customer_bookings_take_the_same_parameters(
    client: httpx.AsyncClient, tenant: Tenant, bookings: dict[str, Any]
) -> None:
    b = bookings
    base = f"/v1/customers/{b['john']}/bookings"
    assert await ids(client, tenant, base) == [b["mar"], b["feb"], b["jan"]]
    assert await ids(client, tenant, f"{base}?status=scheduled&sort=scheduled_at") == [
        b["feb"],
        b["mar"],
    ]
    assert await ids(client, tenant, f"{base}?zone_id={b['zone']}") == [b["mar"]]
    page = await client.get(f"{base}?per_page=2&page=2", headers=tenant.headers)
    assert page.json()["pagination"] == {"page": 2, "per_page": 2, "total": 3, "total_pages": 2}
    assert [x["id"] for x in page.json()["data"]] == [b["jan"]]
    assert 'rel="prev"' in page.headers["Link"]
    missing = await client.get("/v1/customers/cust_unknown/bookings", headers=tenant.headers)
    assert missing.status_code == 404


async def test_pagination(
    client: httpx.AsyncClient, tenant: Tenant, bookings: dict[str, Any]
) -> None:
    response = await client.get("/v1/bookings?per_page=3&page=2", headers=tenant.headers)

    assert response.json()["pagination"] == {"page": 2, "per_page": 3, "total": 4, "total_pages": 2}
    assert [x["id"] for x in response.json()["data"]] == [bookings["jan"]]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("status=done", "status"),
        ("sort=price", "sort"),
        ("sort=-created_at", "sort"),
        ("scheduled_after=yesterday", "scheduled_after"),
        ("scheduled_after=2026-01-01T00:00:00", "scheduled_after"),
        ("scheduled_before=2026-13-01T00:00:00Z", "scheduled_before"),
        ("created_after=not-a-date", "created_after"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
    ],
)
@pytest.mark.parametrize("base", ["/v1/bookings", "/v1/customers/{john}/bookings"])
async def test_invalid_parameters_are_400_naming_them(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    query: str,
    param: str,
    base: str,
) -> None:
    john = await make_customer(database, tenant)

    response = await client.get(f"{base.format(john=john.id)}?{query}", headers=tenant.headers)

    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_bounds_take_a_date_as_its_midnight_in_utc(
    client: httpx.AsyncClient, tenant: Tenant, bookings: dict[str, Any]
) -> None:
    # As the customers list's created_after: 2026-02-10 is 2026-02-10T00:00:00Z.
    after = await ids(client, tenant, "/v1/bookings?scheduled_after=2026-02-10&sort=scheduled_at")
    assert after == [bookings["feb"], bookings["janes"], bookings["mar"]]
    before = await ids(client, tenant, "/v1/bookings?scheduled_before=2026-02-10")
    assert before == [bookings["jan"]]
    for wrong in ("2026-02-30", "2026-2-10", "10/02/2026"):
        response = await client.get(
            "/v1/bookings", params={"scheduled_after": wrong}, headers=tenant.headers
        )
        assert response.status_code == 400, wrong
        assert response.json()["error"]["param"] == "scheduled_after"


@pytest.mark.parametrize("path", ["/v1/bookings", "/v1/customers"])
@pytest.mark.parametrize("param", ["zone_id", "customer_id"])
async def test_an_empty_id_filter_is_refused_not_matched(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, path: str, param: str
) -> None:
    response = await client.get(path, params={param: ""}, headers=tenant.headers)
    assert response.status_code == 400, response.text
    code = "parameter_unknown" if (path, param) == ("/v1/customers", "customer_id") else None
    assert response.json()["error"]["code"] == (code or "parameter_invalid")
    assert response.json()["error"]["param"] == param
