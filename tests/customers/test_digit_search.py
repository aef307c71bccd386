"""Searching by digits: a substring of the search text, wherever the digits are (phone or
email), found through the index of 4-digit runs on PostgreSQL (migration 0005) with exactly
the meaning of the substring search on SQLite."""

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import Tenant, make_customer


async def found(client: httpx.AsyncClient, tenant: Tenant, typed: str) -> set[str]:
    response = await client.get(
        "/v1/customers", params={"search": typed, "per_page": 100}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    total: int = response.json()["pagination"]["total"]
    ids = {customer["id"] for customer in response.json()["data"]}
    assert total == len(ids)
    return ids


@pytest.fixture
async def people(database: Database, tenant: Tenant) -> dict[str, str]:
    made = {
        "phone": await make_customer(
            database, tenant, email="phone@example.com", phone="+15558675309"
        ),
        "email": await make_customer(
            database, tenant, email="jenny8675309@example.com", phone=None
        ),
        # The digits of "86759" are here, but in two runs: not a substring.
        "split": await make_customer(database, tenant, email="a8675b6759@example.com", phone=None),
        "other": await make_customer(
            database, tenant, email="other@example.com", phone="+15551234567"
        ),
    }
    return {name: ref.id for name, ref in made.items()}


async def test_digits_match_a_phone_or_an_email(
    client: httpx.AsyncClient, tenant: Tenant, people: dict[str, str]
) -> None:
    assert await found(client, tenant, "8675") == {
        people["phone"],
        people["email"],
        people["split"],
    }
    assert await found(client, tenant, "8675309") == {people["phone"], people["email"]}
    assert await found(client, tenant, "(555) 867-5309") == {people["phone"]}
    assert await found(client, tenant, "15551234567") == {people["other"]}


async def test_digits_split_across_runs_do_not_match(
    client: httpx.AsyncClient, tenant: Tenant, people: dict[str, str]
) -> None:
    assert await found(client, tenant, "86759") == set()
    assert await found(client, tenant, "6759") == {people["split"]}
    assert await found(client, tenant, "867") == {people["phone"], people["email"], people["split"]}
