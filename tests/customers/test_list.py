"""GET /v1/customers: the seed's example, every filter and their combinations, pagination."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import (
    HOME,
    Tenant,
    add_address,
    assert_error,
    create_customer,
    make_zone,
    set_columns,
)


async def list_ids(client: httpx.AsyncClient, tenant: Tenant, **params: Any) -> list[str]:
    response = await client.get("/v1/customers", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination"]["total"] == len(body["data"])
    return [customer["id"] for customer in body["data"]]


async def test_seed_list_example(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    john = await create_customer(
        client, tenant, phone="+15551234567", address=HOME, send_invitation=False
    )
    await create_customer(client, tenant, first_name="Mary", email="mary@example.com")
    gone = await create_customer(client, tenant, first_name="Johnny", email="jj@example.com")
    await client.delete(f"/v1/customers/{gone['id']}", headers=tenant.headers)
    await set_columns(
        database,
        john["id"],
        total_bookings=12,
        total_spent=195000,
        last_booking_at=datetime(2026, 2, 15, 10, tzinfo=UTC),
        active_subscriptions=1,
        active_subscription=True,
        created_at=datetime(2025, 6, 15, 9, tzinfo=UTC),
    )

    response = await client.get(
        "/v1/customers", params={"search": "john", "status": "active"}, headers=tenant.headers
    )
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["data", "pagination"]
    assert body["pagination"] == {"page": 1, "per_page": 25, "total": 1, "total_pages": 1}
    [customer] = body["data"]
    assert customer["id"] == john["id"]
    assert customer["first_name"] == "John"
    assert customer["last_name"] == "Smith"
    assert customer["email"] == "john@example.com"
    assert customer["phone"] == "+15551234567"
    assert customer["status"] == "active"
    [address] = customer["addresses"]
    assert {key: address[key] for key in HOME} == HOME
    assert address["is_default"] is True
    assert customer["stats"] == {
        "total_bookings": 12,
        "total_spent": 195000,
        "last_booking_at": "2026-02-15T10:00:00Z",
        "active_subscription": True,
    }
    assert customer["created_at"] == "2025-06-15T09:00:00Z"
    assert 'rel="first"' in response.headers["link"]


async def test_newest_first_and_stable_pages(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    created = [
        (await create_customer(client, tenant, email=f"c{n}@example.com"))["id"] for n in range(5)
    ]
    # Two customers created in the same second still come in one fixed order (id desc).
    same = datetime(2025, 1, 1, tzinfo=UTC)
    for customer_id in created:
        await set_columns(database, customer_id, created_at=same)
    expected = sorted(created, reverse=True)
    pages = []
    for page in (1, 2, 3):
        response = await client.get(
            "/v1/customers", params={"page": page, "per_page": 2}, headers=tenant.headers
        )
        body = response.json()
        assert body["pagination"] == {"page": page, "per_page": 2, "total": 5, "total_pages": 3}
        pages += [customer["id"] for customer in body["data"]]
    assert pages == expected
    fresh = await create_customer(client, tenant, email="new@example.com")
    assert (await list_ids(client, tenant))[0] == fresh["id"]


async def test_link_header(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for n in range(3):
        await create_customer(client, tenant, email=f"c{n}@example.com")
    response = await client.get(
        "/v1/customers", params={"page": 2, "per_page": 1}, headers=tenant.headers
    )
    links = response.headers["link"]
    for rel, page in (("first", 1), ("prev", 1), ("next", 3), ("last", 3)):
        assert f'page={page}&per_page=1>; rel="{rel}"' in links


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("john", True),
        ("JOHN", True),
        ("smith j", True),
        ("john smith", True),
        ("example.com", True),
        ("555-1234", True),
        ("(555) 123-4567", True),
        ("+1 555 123", True),
        ("5551234567", True),
        ("jane", False),
        ("%", False),
        ("_", False),
        ("j%n", False),
        ("j_hn", False),
    ],
)
async def test_search(client: httpx.AsyncClient, tenant: Tenant, term: str, found: bool) -> None:
    john = await create_customer(client, tenant, phone="+15551234567")
    assert await list_ids(client, tenant, search=term) == ([john["id"]] if found else [])


async def test_search_takes_wildcards_literally(client: httpx.AsyncClient, tenant: Tenant) -> None:
    odd = await create_customer(client, tenant, first_name="100%_pure", email="o@example.com")
    await create_customer(client, tenant, first_name="100x", email="p@example.com")
    assert await list_ids(client, tenant, search="100%_") == [odd["id"]]
    assert await list_ids(client, tenant, search="0%") == [odd["id"]]
    slash = await create_customer(client, tenant, first_name="Back\\slash", email="b@example.com")
    assert await list_ids(client, tenant, search="k\\s") == [slash["id"]]
    assert await list_ids(client, tenant, search="\\") == [slash["id"]]


async def test_search_finds_unicode_names(client: httpx.AsyncClient, tenant: Tenant) -> None:
    zoe = await create_customer(
        client, tenant, first_name="Zoë", last_name="Straße", email="z@example.com"
    )
    assert await list_ids(client, tenant, search="ZOË") == [zoe["id"]]
    assert await list_ids(client, tenant, search="strasse") == [zoe["id"]]
    assert await list_ids(client, tenant, search="zoe") == []


async def test_search_follows_a_rename(client: httpx.AsyncClient, tenant: Tenant) -> None:
    """The search index (SQLite's trigram table, migration 0023) moves with the name."""
    quimby = await create_customer(client, tenant, last_name="Quimby", email="q@example.com")
    other = await create_customer(client, tenant, last_name="Quill", email="k@example.com")
    assert await list_ids(client, tenant, search="quimb") == [quimby["id"]]
    response = await client.patch(
        f"/v1/customers/{quimby['id']}", json={"last_name": "Zebulon"}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert await list_ids(client, tenant, search="quimb") == []
    assert await list_ids(client, tenant, search="ebulo") == [quimby["id"]]
    assert await list_ids(client, tenant, search="qui") == [other["id"]]


async def test_status_filter(client: httpx.AsyncClient, tenant: Tenant) -> None:
    active = await create_customer(client, tenant, email="a@example.com")
    inactive = await create_customer(client, tenant, email="i@example.com")
    gone = await create_customer(client, tenant, email="d@example.com")
    headers = tenant.headers
    await client.patch(
        f"/v1/customers/{inactive['id']}", json={"status": "inactive"}, headers=headers
    )
    await client.delete(f"/v1/customers/{gone['id']}", headers=headers)
    assert await list_ids(client, tenant, status="active") == [active["id"]]
    assert await list_ids(client, tenant, status="inactive") == [inactive["id"]]
    assert await list_ids(client, tenant, status="deactivated") == [gone["id"]]
    assert len(await list_ids(client, tenant)) == 3


async def test_created_after(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> None:
    old = await create_customer(client, tenant, email="old@example.com")
    new = await create_customer(client, tenant, email="new@example.com")
    await set_columns(database, old["id"], created_at=datetime(2025, 6, 14, 23, tzinfo=UTC))
    await set_columns(database, new["id"], created_at=datetime(2025, 6, 15, 9, tzinfo=UTC))
    assert await list_ids(client, tenant, created_after="2025-06-15") == [new["id"]]
    assert await list_ids(client, tenant, created_after="2025-06-14") == [new["id"], old["id"]]
    assert await list_ids(client, tenant, created_after="2025-06-15T09:00:00Z") == [new["id"]]
    assert await list_ids(client, tenant, created_after="2025-06-15T09:00:01Z") == []
    # An offset is honoured: 02:00 in Oregon (UTC-7) is 09:00 UTC.
    assert await list_ids(client, tenant, created_after="2025-06-15T02:00:00-07:00") == [new["id"]]
    assert await list_ids(client, tenant, created_after="2025-06-14T22:00:00") == [
        new["id"],
        old["id"],
    ]


async def test_has_subscription(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    subscribed = await create_customer(client, tenant, email="s@example.com")
    plain = await create_customer(client, tenant, email="p@example.com")
    await set_columns(database, subscribed["id"], active_subscriptions=1, active_subscription=True)
    assert await list_ids(client, tenant, has_subscription="true") == [subscribed["id"]]
    assert await list_ids(client, tenant, has_subscription="false") == [plain["id"]]


async def test_zone_filter(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> None:
    zone_id = await make_zone(database, tenant, "97401")
    inside = await create_customer(client, tenant, email="in@example.com")
    await add_address(client, tenant, inside["id"], zip="97477")
    await add_address(client, tenant, inside["id"], zip="97401-1234")
    outside = await create_customer(client, tenant, email="out@example.com")
    await add_address(client, tenant, outside["id"], zip="97477")
    assert await list_ids(client, tenant, zone_id=zone_id) == [inside["id"]]
    assert await list_ids(client, tenant, zone_id="zone_unknown") == []


async def test_filters_combine_with_and(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone_id = await make_zone(database, tenant, "97401")
    target = await create_customer(client, tenant, email="john@example.com", address=HOME)
    await set_columns(database, target["id"], active_subscriptions=1, active_subscription=True)
    other_zone = await create_customer(
        client, tenant, email="john2@example.com", address={**HOME, "zip": "97477"}
    )
    await set_columns(database, other_zone["id"], active_subscriptions=1, active_subscription=True)
    unsubscribed = await create_customer(client, tenant, email="john3@example.com", address=HOME)
    inactive = await create_customer(client, tenant, email="john4@example.com", address=HOME)
    await set_columns(
        database,
        inactive["id"],
        status="inactive",
        active_subscriptions=1,
        active_subscription=True,
    )
    params = {
        "search": "john",
        "status": "active",
        "has_subscription": "true",
        "zone_id": zone_id,
        "created_after": "2020-01-01",
    }
    assert await list_ids(client, tenant, **params) == [target["id"]]
    assert await list_ids(client, tenant, search="john", zone_id=zone_id) == [
        inactive["id"],
        unsubscribed["id"],
        target["id"],
    ]
    assert await list_ids(client, tenant, **{**params, "created_after": "2999-01-01"}) == []


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"per_page": 101}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "x"}, "page"),
        ({"status": "unknown"}, "status"),
        ({"created_after": "garbage"}, "created_after"),
        ({"created_after": "2025-13-01"}, "created_after"),
        ({"has_subscription": "maybe"}, "has_subscription"),
        ({"has_subscription": "1"}, "has_subscription"),
        ({"search": "x" * 201}, "search"),
        ({"zone_id": "z" * 41}, "zone_id"),
    ],
)
async def test_invalid_parameters_are_400(
    client: httpx.AsyncClient, tenant: Tenant, params: dict[str, Any], param: str
) -> None:
    response = await client.get("/v1/customers", params=params, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", param)


async def test_page_past_the_end_is_empty(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_customer(client, tenant)
    response = await client.get("/v1/customers", params={"page": 5}, headers=tenant.headers)
    assert response.json() == {
        "data": [],
        "pagination": {"page": 5, "per_page": 25, "total": 1, "total_pages": 1},
    }
