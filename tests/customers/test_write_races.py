"""Ordinary concurrency must never answer 5xx and never leave a counter wrong (issue 12).

The counters (customer_counts, customer_term_counts) move in the writing transaction, so
concurrent writers touch the same few counter rows; a term registered while others write must
start from exactly the rows those writes will move.
"""

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from sqlalchemy import func, select

from otesse.config import Settings
from otesse.core.db import Database
from otesse.customers.filters import BY_NAME, CustomerFilters
from otesse.customers.repository import conditions
from otesse.models import Customer, CustomerTermCount
from otesse.stats.counters import find_counter_differences
from otesse.stats.verify import find_stat_differences
from tests.factories import (
    HOME,
    Tenant,
    make_customer,
    make_zone,
    subscription_body,
    without_rate_limit,
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A storm of a few hundred requests a second is the point here, not the key's budget.
    return without_rate_limit(settings)


MIDWAY_TERMS = ("olg", "osca", "ann")
# Counted by gram from the start (customer_gram_counts), moved by every write of the storm.
GRAM_TERMS = ("an", "sc", "o")
FILTER_SETS = ("", "&status=active", "&status=inactive", "&has_subscription=true")
ZIPS = ("97401", "97402")  # one zone each (the storm's fixture)


async def registered_terms(database: Database, tenant: Tenant) -> set[str]:
    async with database.transaction() as session:
        rows = await session.scalars(
            select(CustomerTermCount.term).where(
                CustomerTermCount.account_id == tenant.account_id,
                CustomerTermCount.mode == tenant.mode,
            )
        )
        return set(rows)


async def total(client: httpx.AsyncClient, tenant: Tenant, query: str) -> int:
    response = await client.get(f"/v1/customers?per_page=1{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    value: int = response.json()["pagination"]["total"]
    return value


async def counted(database: Database, tenant: Tenant, query: str) -> int:
    """The same total counted with SQL over the customers, reading no counter."""
    values = {
        name: text == "true" if name == "has_subscription" else BY_NAME[name].parse(text)
        for name, text in parse_qsl(query.lstrip("&"))
    }
    filters = CustomerFilters.of(tenant.account_id, tenant.mode, **values)
    async with database.transaction() as session:
        query_count = select(func.count()).select_from(Customer).where(*conditions(filters))
        return int(await session.scalar(query_count) or 0)


# A longer term is counted, then registered; a 2-letter one is counted by gram from the start.
@pytest.mark.parametrize("term", ["johanna", "jo"])
async def test_concurrent_first_searches_of_a_term_all_succeed(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    registered_at_two_matches: None,
    term: str,
) -> None:
    for n in range(6):
        await make_customer(database, tenant, first_name="Johanna", email=f"jo{n}@example.com")

    responses = await asyncio.gather(
        *[
            client.get(f"/v1/customers?search={term}&per_page=1", headers=tenant.headers)
            for _ in range(50)
        ]
    )

    assert Counter(response.status_code for response in responses) == {200: 50}
    assert {response.json()["pagination"]["total"] for response in responses} == {6}
    assert await total(client, tenant, f"&search={term}") == 6


async def _writer(
    client: httpx.AsyncClient,
    tenant: Tenant,
    customers: list[dict[str, Any]],
    seed: int,
    operations: int,
) -> list[int]:
    """One client's mix: create, flip status, rename, deactivate, pause/resume, add, move or
    remove an address."""
    rng = random.Random(seed)
    statuses: list[int] = []
    for n in range(operations):
        target = rng.choice(customers)
        choice = rng.randrange(6)
        if choice == 0:
            response = await client.post(
                "/v1/customers",
                json={
                    "first_name": rng.choice(["Olga", "Ann", "Tom"]),
                    "last_name": "Storm",
                    "email": f"w{seed}-{n}@example.com",
                    "send_invitation": False,
                },
                headers=tenant.headers,
            )
        elif choice == 1:
            response = await client.patch(
                f"/v1/customers/{target['id']}",
                json={"status": rng.choice(["active", "inactive"])},
                headers=tenant.headers,
            )
        elif choice == 2:
            response = await client.patch(
                f"/v1/customers/{target['id']}",
                json={"first_name": rng.choice(["Olga", "Oscar", "Ann", "Bob"])},
                headers=tenant.headers,
            )
        elif choice == 4:
            # An address in or out of a zone: the zone counts follow the customer's zones.
            path = f"/v1/customers/{target['id']}/addresses"
            listed = await client.get(path, headers=tenant.headers)
            addresses = listed.json()["data"] if listed.status_code == 200 else []
            if addresses and rng.random() < 0.4:
                response = await client.delete(
                    f"{path}/{rng.choice(addresses)['id']}", headers=tenant.headers
                )
            elif addresses and rng.random() < 0.5:
                response = await client.patch(
                    f"{path}/{rng.choice(addresses)['id']}",
                    json={"zip": rng.choice(ZIPS)},
                    headers=tenant.headers,
                )
            else:
                response = await client.post(
                    path, json={**HOME, "zip": rng.choice(ZIPS)}, headers=tenant.headers
                )
        elif choice == 3 and target["subscription"]:
            action = rng.choice(["pause", "resume"])
            response = await client.post(
                f"/v1/subscriptions/{target['subscription']}/{action}", headers=tenant.headers
            )
        else:
            spare = customers[-1 - (seed % 4)]
            response = await client.delete(f"/v1/customers/{spare['id']}", headers=tenant.headers)
        statuses.append(response.status_code)
    return statuses


async def test_concurrent_writes_never_fail_and_keep_every_count_exact(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    registered_at_two_matches: None,
) -> None:
    zones = [await make_zone(database, tenant, zip_code) for zip_code in ZIPS]
    customers: list[dict[str, Any]] = []
    for n in range(40):
        made = await make_customer(
            database, tenant, first_name=["Olga", "Oscar", "Ann"][n % 3], email=f"c{n}@example.com"
        )
        subscription = None
        if n % 2 == 0:
            response = await client.post(
                "/v1/subscriptions", json=subscription_body(made), headers=tenant.headers
            )
            assert response.status_code == 201, response.text
            subscription = response.json()["id"]
        customers.append({"id": made.id, "subscription": subscription})

    async def register_midway() -> list[int]:
        # Terms registered while the writers run must still end exact. A registration gives
        # way to writes in flight, so search until each term is registered.
        found = []
        for term in MIDWAY_TERMS:
            for _ in range(200):
                response = await client.get(f"/v1/customers?search={term}", headers=tenant.headers)
                found.append(response.status_code)
                if term in await registered_terms(database, tenant):
                    break
                await asyncio.sleep(0.01)
        return found

    results = await asyncio.gather(
        *[_writer(client, tenant, customers, seed, 12) for seed in range(32)], register_midway()
    )

    assert set(MIDWAY_TERMS) <= await registered_terms(database, tenant)
    statuses = Counter(status for result in results for status in result)
    assert not [status for status in statuses if status >= 500], statuses
    assert set(statuses) <= {200, 201, 404, 409}, statuses
    # The storm moved customers into both zones (and some out again).
    assert all([await total(client, tenant, f"&zone_id={zone}") for zone in zones])
    by_day_and_zone = [f"&zone_id={zone}" for zone in zones] + [
        "&created_after=2000-01-01",
        f"&created_after={datetime.now(UTC) - timedelta(minutes=1):%Y-%m-%dT%H:%M:%SZ}",
        f"&zone_id={zones[0]}&created_after=2000-01-01",
    ]
    searched = (f"&search={term}" for term in (*MIDWAY_TERMS, *GRAM_TERMS))
    for term in ("", *searched, *by_day_and_zone):
        for filters in FILTER_SETS:
            query = term + filters
            assert await total(client, tenant, query) == await counted(database, tenant, query), (
                query
            )
    async with database.transaction() as session:
        assert await find_stat_differences(session) == []
        assert await find_counter_differences(session) == []
