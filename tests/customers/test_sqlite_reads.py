"""On SQLite a read never waits for a writer (issue 12): reads run in deferred transactions
and see the last committed state while a write transaction holds the database's lock."""

import asyncio

import httpx
import pytest
from sqlalchemy import text

from otesse.core.db import Database
from tests.factories import Tenant, make_customer


@pytest.fixture(autouse=True)
def _sqlite_only(database: Database) -> None:
    if not database.is_sqlite:
        pytest.skip("PostgreSQL reads take no lock by design")


async def test_a_read_answers_while_a_write_transaction_is_open(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    await make_customer(database, tenant, first_name="Ann", email="ann@example.com")
    async with database.transaction() as writer:
        await writer.execute(text("UPDATE customers SET first_name = 'Anna'"))
        response = await asyncio.wait_for(
            client.get("/v1/customers", headers=tenant.headers), timeout=2
        )
        assert response.status_code == 200, response.text
        assert [c["first_name"] for c in response.json()["data"]] == ["Ann"]  # last committed
    response = await client.get("/v1/customers", headers=tenant.headers)
    assert [c["first_name"] for c in response.json()["data"]] == ["Anna"]


async def test_a_read_still_registers_a_common_term(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    registered_at_two_matches: None,
) -> None:
    for n in range(3):
        await make_customer(database, tenant, first_name="Olga", email=f"o{n}@example.com")
    response = await client.get("/v1/customers?search=olga", headers=tenant.headers)
    assert response.json()["pagination"]["total"] == 3
    async with database.transaction() as session:
        registered = await session.scalar(
            text("SELECT count(*) FROM customer_term_counts WHERE term = 'olga'")
        )
    assert registered
    await make_customer(database, tenant, first_name="Olga", email="o9@example.com")
    response = await client.get("/v1/customers?search=olga", headers=tenant.headers)
    assert response.json()["pagination"]["total"] == 4
