"""The list's total comes from counters the database keeps (docs/performance.md); it must stay
exactly what counting the rows would say, through creates, status changes, subscriptions and
searched terms, and deep pages must hold the same customers as before."""

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from otesse.core.db import Database
from otesse.customer_counts import repository as counts
from otesse.models import CustomerTermCount
from tests.factories import Tenant, create_customer, make_customer, subscription_body


async def total(client: httpx.AsyncClient, tenant: Tenant, query: str = "") -> int:
    response = await client.get(f"/v1/customers?per_page=1{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    value: int = response.json()["pagination"]["total"]
    return value


async def registered_terms(database: Database, tenant: Tenant) -> set[str]:
    async with database.transaction() as session:
        rows = await session.scalars(
            select(CustomerTermCount.term).where(
                CustomerTermCount.account_id == tenant.account_id,
                CustomerTermCount.mode == tenant.mode,
            )
        )
        return set(rows)


async def patch(client: httpx.AsyncClient, tenant: Tenant, customer_id: str, **body: Any) -> None:
    response = await client.patch(f"/v1/customers/{customer_id}", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text


async def test_totals_follow_creates_and_status_changes(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = [
        await create_customer(client, tenant, email=f"ann{i}@example.com", first_name="Ann")
        for i in range(3)
    ]
    assert await total(client, tenant) == 3
    await patch(client, tenant, made[0]["id"], status="inactive")
    response = await client.delete(f"/v1/customers/{made[1]['id']}", headers=tenant.headers)
    assert response.status_code == 200

    assert await total(client, tenant) == 3
    assert await total(client, tenant, "&status=active") == 1
    assert await total(client, tenant, "&status=inactive") == 1
    assert await total(client, tenant, "&status=deactivated") == 1
    assert await total(client, tenant, "&has_subscription=false") == 3


async def test_a_common_term_is_registered_and_its_total_stays_exact(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    registered_at_two_matches: None,
) -> None:
    john = await make_customer(database, tenant, first_name="John", email="john1@example.com")
    await make_customer(database, tenant, first_name="Johnny", email="jj@example.com")
    await make_customer(database, tenant, first_name="Mary", email="mary@example.com")
    assert await total(client, tenant, "&search=JOHN") == 2  # counted, then registered
    assert await registered_terms(database, tenant) == {"john"}

    await create_customer(client, tenant, first_name="Mary", email="mary.johnson@example.com")
    created = await create_customer(client, tenant, first_name="Peter", email="p@example.com")
    await patch(client, tenant, created["id"], last_name="Johns")
    response = await client.post(
        "/v1/subscriptions", json=subscription_body(john), headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    await patch(client, tenant, john.id, status="inactive")

    assert await total(client, tenant, "&search=john") == 4
    assert await total(client, tenant, "&search=john&status=active") == 3
    assert await total(client, tenant, "&search=john&status=inactive") == 1
    assert await total(client, tenant, "&search=john&has_subscription=true") == 1
    assert await total(client, tenant, "&search=john&status=active&has_subscription=true") == 0
    # Filters the counters do not keep are counted.
    assert await total(client, tenant, "&search=john&created_after=2000-01-01") == 4


async def test_at_the_cap_a_term_dearer_to_count_takes_the_cheapest_ones_place(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    registered_at_two_matches: None,
) -> None:
    monkeypatch.setattr(counts, "MAX_TERMS_PER_TENANT", 2)
    names = ["Ann", "Anne", "John", "John", "John", "Mary", "Mary", *["Peter"] * 4]
    for number, first_name in enumerate(names):
        await make_customer(
            database, tenant, first_name=first_name, last_name="Q", phone=None,
            email=f"p{number}@example.com",
        )  # fmt: skip
    assert await total(client, tenant, "&search=ann") == 2
    assert await total(client, tenant, "&search=john") == 3
    assert await registered_terms(database, tenant) == {"ann", "john"}

    # No dearer than the cheapest kept term (ann, 2 matches): counted, not kept.
    assert await total(client, tenant, "&search=mary") == 2
    assert await registered_terms(database, tenant) == {"ann", "john"}
    # More matches than ann: ann gives way.
    assert await total(client, tenant, "&search=peter") == 4
    assert await registered_terms(database, tenant) == {"peter", "john"}
    # Two letters are counted by gram, never registered (they take no place).
    assert await total(client, tenant, "&search=jo") == 3
    assert await registered_terms(database, tenant) == {"peter", "john"}

    await create_customer(client, tenant, first_name="Peter", last_name="Q", email="j@example.com")
    assert await total(client, tenant, "&search=peter") == 5  # kept: moved by the create
    assert await total(client, tenant, "&search=ann") == 2  # counted again
    assert await total(client, tenant, "&search=john") == 3
    assert await registered_terms(database, tenant) == {"peter", "john"}


async def test_a_short_term_is_counted_by_gram_from_its_first_search(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    # No trigram serves a 1- or 2-letter term: customer_gram_counts keeps every such piece.
    for number, first_name in enumerate(["Joan", "Jody", "Mary"]):
        await make_customer(database, tenant, first_name=first_name, email=f"c{number}@example.com")

    assert await total(client, tenant, "&search=JO") == 2
    assert await total(client, tenant, "&search=jo&status=active") == 2
    assert await total(client, tenant, "&search=qz") == 0
    assert await total(client, tenant, "&search=y") == 2  # Jody, Mary
    assert await registered_terms(database, tenant) == set()

    created = await create_customer(client, tenant, first_name="Jo", email="jo@example.com")
    await patch(client, tenant, created["id"], status="inactive")
    assert await total(client, tenant, "&search=jo") == 3
    assert await total(client, tenant, "&search=jo&status=inactive") == 1
    await patch(client, tenant, created["id"], first_name="Bo", email="bo@example.com")
    assert await total(client, tenant, "&search=jo") == 2
    # A filter the counters do not keep: counted with SQL, the same answer.
    assert await total(client, tenant, "&search=jo&created_after=2000-01-01") == 2

    response = await client.get("/v1/customers?search=jo&per_page=1&page=2", headers=tenant.headers)
    assert [c["first_name"] for c in response.json()["data"]] in (["Joan"], ["Jody"])
    response = await client.get("/v1/customers?search=jo&page=2", headers=tenant.headers)
    assert response.json()["data"] == []
    assert response.json()["pagination"]["total"] == 2


async def test_a_registered_term_pages_as_a_counted_one(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    registered_at_two_matches: None,
) -> None:
    johns = {
        (await make_customer(database, tenant, first_name="John", email=f"j{i}@example.com")).id
        for i in range(5)
    }
    await make_customer(database, tenant, first_name="Mary", email="mary@example.com")

    async def pages() -> list[list[str]]:
        found = []
        for number in (1, 2, 3):
            response = await client.get(
                f"/v1/customers?search=john&per_page=2&page={number}", headers=tenant.headers
            )
            assert response.status_code == 200, response.text
            assert response.json()["pagination"]["total"] == 5
            found.append([customer["id"] for customer in response.json()["data"]])
        return found

    counted = await pages()
    assert await total(client, tenant, "&search=john") == 5  # counted once more, registered
    assert await registered_terms(database, tenant) == {"john"}

    assert await pages() == counted
    assert [len(page) for page in counted] == [2, 2, 1]
    assert {customer for page in counted for customer in page} == johns


async def test_a_rare_term_is_counted_not_registered(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    await make_customer(database, tenant, last_name="Papadopoulos", email="pp@example.com")

    assert await total(client, tenant, "&search=papadopoulos") == 1
    assert await registered_terms(database, tenant) == set()


@pytest.mark.parametrize("typed", ["o'brien", "o\\'brien", "50%", "a_b", "x'; select 1; --"])
async def test_search_terms_are_data_not_sql(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, typed: str
) -> None:
    await make_customer(database, tenant, last_name="O'Brien", email="ob@example.com")
    expected = 1 if typed == "o'brien" else 0

    response = await client.get("/v1/customers", params={"search": typed}, headers=tenant.headers)

    assert response.status_code == 200
    assert response.json()["pagination"]["total"] == expected
    assert len(response.json()["data"]) == expected


async def test_deep_pages_hold_the_same_customers_newest_first(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    for i in range(7):
        await make_customer(database, tenant, email=f"c{i}@example.com", phone=None)
    everyone = await client.get("/v1/customers?per_page=100", headers=tenant.headers)
    expected = [customer["id"] for customer in everyone.json()["data"]]

    paged: list[str] = []
    for page in (1, 2, 3, 4):
        response = await client.get(f"/v1/customers?per_page=2&page={page}", headers=tenant.headers)
        assert response.json()["pagination"]["total"] == 7
        paged += [customer["id"] for customer in response.json()["data"]]

    assert paged == expected
    assert len(expected) == 7
    assert [c["created_at"] for c in everyone.json()["data"]] == sorted(
        (c["created_at"] for c in everyone.json()["data"]), reverse=True
    )
    assert everyone.json()["data"][0]["addresses"][0]["is_default"] is True
