"""Deep pages start from remembered keys on PostgreSQL (customers/anchors.py). Whatever
changes between two reads, a page must hold exactly the customers that paging by OFFSET
would: a new customer, or one leaving the filtered set, shifts the pages after it."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from otesse.core.db import Database
from otesse.customers import anchors
from otesse.customers.anchors import ANCHORS
from otesse.customers.filters import CustomerFilters
from tests.factories import (
    Tenant,
    create_customer,
    make_address,
    make_customer,
    make_zone,
)


@pytest.fixture(autouse=True)
def anchors_from_the_second_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anchors, "MIN_POSITION", 2)


async def ids_on(
    client: httpx.AsyncClient, tenant: Tenant, page: int, query: str = ""
) -> list[str]:
    response = await client.get(
        f"/v1/customers?per_page=2&page={page}{query}", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return [customer["id"] for customer in response.json()["data"]]


async def everyone(client: httpx.AsyncClient, tenant: Tenant, query: str = "") -> list[str]:
    response = await client.get(f"/v1/customers?per_page=100{query}", headers=tenant.headers)
    return [customer["id"] for customer in response.json()["data"]]


def remembered(tenant: Tenant, offset: int, status: str | None = None) -> bool:
    filters = CustomerFilters.of(tenant.account_id, tenant.mode, status=status)
    return ANCHORS.nearest(filters, offset) is not None


async def test_a_deep_page_follows_new_customers(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    for i in range(9):
        await make_customer(database, tenant, email=f"c{i}@example.com")
    order = await everyone(client, tenant)

    assert await ids_on(client, tenant, 3) == order[4:6]
    assert remembered(tenant, 4) != database.is_sqlite  # anchors are PostgreSQL's
    assert await ids_on(client, tenant, 3) == order[4:6]
    assert await ids_on(client, tenant, 4) == order[6:8]

    newest = await create_customer(client, tenant, email="newest@example.com")
    order = [newest["id"], *order]
    assert await ids_on(client, tenant, 3) == order[4:6]
    assert await ids_on(client, tenant, 5) == order[8:10]


async def test_a_deep_filtered_page_follows_customers_leaving_the_filter(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    for i in range(9):
        await make_customer(database, tenant, email=f"c{i}@example.com")
    active = await everyone(client, tenant, "&status=active")
    assert await ids_on(client, tenant, 3, "&status=active") == active[4:6]
    assert remembered(tenant, 4, status="active") != database.is_sqlite

    response = await client.delete(f"/v1/customers/{active[1]}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    active.remove(active[1])
    assert await ids_on(client, tenant, 3, "&status=active") == active[4:6]
    assert await ids_on(client, tenant, 4, "&status=active") == active[6:8]
    # The unfiltered order did not change: the deactivated customer is still listed there.
    assert len(await everyone(client, tenant)) == 9


DAY = datetime(2025, 6, 1, tzinfo=UTC)
# (days after DAY, time of day): ties, both edges of a day, and days with no customer.
CREATED = [
    (0, timedelta(0)),
    (0, timedelta(hours=9)),
    (0, timedelta(hours=9)),
    (1, timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999)),
    (1, timedelta(hours=12)),
    (3, timedelta(0)),
    (3, timedelta(hours=1)),
    (3, timedelta(hours=1)),
    (3, timedelta(hours=20)),
    (4, timedelta(hours=5)),
    (6, timedelta(hours=6)),
    (6, timedelta(hours=7)),
    (7, timedelta(0)),
    (7, timedelta(hours=23)),
]


async def spread_over_days(database: Database, tenant: Tenant) -> str:
    """Customers created over a week, some inactive, some in a zone; the zone's id."""
    zone_id = await make_zone(database, tenant, "97401")
    for i, (day, moment) in enumerate(CREATED):
        customer = await make_customer(
            database,
            tenant,
            email=f"c{i}@example.com",
            status="inactive" if i % 4 else "active",
            created_at=DAY + timedelta(days=day) + moment,
        )
        if i % 3:
            await make_address(database, tenant, customer.id, zone_id=zone_id)
    return zone_id


def lists(zone_id: str) -> list[str]:
    since = (DAY + timedelta(days=3, hours=1)).isoformat().replace("+00:00", "Z")
    return [
        "",
        "&status=inactive",
        f"&zone_id={zone_id}",
        f"&created_after={since}",
        f"&zone_id={zone_id}&status=active",
        f"&zone_id={zone_id}&created_after={since}",
        "&created_after=2025-06-08",
    ]


async def assert_pages_as_offset_finds_them(
    client: httpx.AsyncClient, tenant: Tenant, zone_id: str
) -> None:
    """Every page of every list, to one past the last, holds what OFFSET finds."""
    for query in lists(zone_id):
        order = await everyone(client, tenant, query)
        for page in range(1, len(order) // 2 + 3):
            on_page = await ids_on(client, tenant, page, query)
            assert on_page == order[(page - 1) * 2 : page * 2], (query, page)


async def test_deep_pages_start_at_their_day_and_hold_what_offset_finds(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone_id = await spread_over_days(database, tenant)
    await assert_pages_as_offset_finds_them(client, tenant, zone_id)
    # Read again: from the anchors remembered on the way, where they hold.
    await assert_pages_as_offset_finds_them(client, tenant, zone_id)


async def test_deep_pages_follow_customers_entering_and_leaving_days(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone_id = await spread_over_days(database, tenant)
    await assert_pages_as_offset_finds_them(client, tenant, zone_id)
    # An import keeping an old creation time, a new customer, one leaving `inactive`, one
    # deactivated: each shifts the pages after it.
    await make_customer(
        database, tenant, email="imported@example.com", created_at=DAY + timedelta(days=2)
    )
    await create_customer(client, tenant, email="newcomer@example.com")
    order = await everyone(client, tenant)
    headers = tenant.headers
    response = await client.patch(
        f"/v1/customers/{order[5]}", json={"status": "active"}, headers=headers
    )
    assert response.status_code == 200, response.text
    response = await client.delete(f"/v1/customers/{order[9]}", headers=headers)
    assert response.status_code == 200, response.text
    await assert_pages_as_offset_finds_them(client, tenant, zone_id)
