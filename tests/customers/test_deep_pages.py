"""Deep pages start from remembered keys on PostgreSQL (customers/anchors.py). Whatever
changes between two reads, a page must hold exactly the customers that paging by OFFSET
would: a new customer, or one leaving the filtered set, shifts the pages after it."""

import httpx
import pytest

from otesse.core.db import Database
from otesse.customers import anchors
from otesse.customers.anchors import ANCHORS
from otesse.customers.filters import CustomerFilters
from tests.factories import Tenant, create_customer, make_customer


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
