"""The Bookings list's totals and deep pages from booking_counts (migration 0022).

Whatever wrote the bookings, and however concurrently, the list must answer exactly what
counting and paging by OFFSET would: the same total, the same bookings on every page in the
same order. `created_after=2000-01-01` matches every booking but is a filter no counter
keeps, so the same list with it is counted and paged by OFFSET (bookings/repository.py).
"""

import asyncio
import random
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant, create_booking, make_customer, verify_stats, without_rate_limit

STATUSES = ("scheduled", "confirmed", "in_progress", "completed", "cancelled")
COUNTED = "created_after=2000-01-01"
# Moments around UTC midnights (a day's edges) and exact ties (ordered by id).
MOMENTS = (
    "2026-02-10T00:00:00Z",
    "2026-02-10T00:00:00Z",
    "2026-02-10T23:59:59.999999Z",
    "2026-02-11T00:00:00Z",
    "2026-02-11T09:30:00Z",
    "2026-02-11T09:30:00Z",
    "2026-02-11T09:30:00Z",
    "2026-02-11T23:00:00-08:00",
    "2026-02-13T12:00:00Z",
    "2026-03-01T08:00:00Z",
    "2025-12-31T23:59:59Z",
    "2026-01-01T00:00:00Z",
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A storm of a few hundred requests a second is the point here, not the key's budget.
    return without_rate_limit(settings)


async def listed(
    client: httpx.AsyncClient, tenant: Tenant, query: str
) -> tuple[list[str], dict[str, int]]:
    response = await client.get(f"/v1/bookings?{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return [booking["id"] for booking in body["data"]], body["pagination"]


async def assert_as_counted(client: httpx.AsyncClient, tenant: Tenant, query: str) -> None:
    """Every page of the list (and the one past its end) as counting and OFFSET give it."""
    page = 1
    while True:
        paged = f"{query}&per_page=3&page={page}"
        kept, counted = (
            await listed(client, tenant, paged),
            await listed(client, tenant, f"{paged}&{COUNTED}"),
        )
        assert kept == counted, paged
        if not kept[0]:
            break
        page += 1
    assert page == kept[1]["total_pages"] + 1, query


# scheduled_after / scheduled_before cut their UTC days (counted), the days between come
# from the counters: bounds on and around midnights, both in one day, nothing between.
BOUNDS = (
    "",
    "&scheduled_after=2026-02-10T00:00:00Z",
    "&scheduled_before=2026-02-11T09:30:00Z",
    "&scheduled_after=2026-02-10&scheduled_before=2026-02-12",
    "&scheduled_after=2026-02-11T00:00:00Z&scheduled_before=2026-02-11T23:59:59Z",
    "&scheduled_after=2026-02-11T09:30:00Z&scheduled_before=2026-02-11T09:30:00.000001Z",
    "&scheduled_after=2026-02-12T00:00:00Z&scheduled_before=2026-01-01T00:00:00Z",
)


async def every_list_as_counted(client: httpx.AsyncClient, tenant: Tenant) -> None:
    for sort in ("-scheduled_at", "scheduled_at"):
        for status in ("", *STATUSES):
            for bounds in BOUNDS:
                query = f"sort={sort}" + (status and f"&status={status}") + bounds
                await assert_as_counted(client, tenant, query.replace("+", "%2B"))


async def booked(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> list[str]:
    """Bookings of two customers at the MOMENTS, in every status."""
    customers = [await make_customer(database, tenant, email=f"c{n}@example.com") for n in range(2)]
    ids = []
    for n, moment in enumerate(MOMENTS):
        made = await create_booking(client, tenant, customers[n % 2], scheduled_at=moment)
        ids.append(made["id"])
    for booking_id, action in zip(
        ids[:8], ["confirm", "start", "complete", "cancel"] * 2, strict=True
    ):
        response = await client.post(f"/v1/bookings/{booking_id}/{action}", headers=tenant.headers)
        assert response.status_code == 200, response.text
    return ids


async def test_every_page_is_the_one_offset_finds(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    await booked(client, tenant, database)

    await every_list_as_counted(client, tenant)
    everything, pagination = await listed(client, tenant, "per_page=100")
    assert pagination["total"] == len(MOMENTS) == len(everything)
    assert await verify_stats(database) == []


async def test_counters_follow_reschedules_deactivations_and_erasures(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    ids = await booked(client, tenant, database)
    # Across a day's edge, and within a day.
    for booking_id, moment in (
        (ids[-1], "2026-02-11T00:00:00Z"),
        (ids[-2], "2026-02-13T01:00:00Z"),
    ):
        response = await client.patch(
            f"/v1/bookings/{booking_id}", json={"scheduled_at": moment}, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
    customer = await make_customer(database, tenant, email="leaving@example.com")
    for moment in ("2099-01-01T10:00:00Z", "2099-01-02T10:00:00Z", "2099-01-02T11:00:00Z"):
        await create_booking(client, tenant, customer, scheduled_at=moment)
    # A deactivation cancels every booking still to come in one statement.
    response = await client.delete(f"/v1/customers/{customer.id}", headers=tenant.headers)
    assert response.status_code == 200, response.text

    await every_list_as_counted(client, tenant)
    cancelled, pagination = await listed(client, tenant, "status=cancelled&per_page=100")
    assert pagination["total"] == 2 + 3 == len(cancelled)
    assert await verify_stats(database) == []


async def test_verify_reports_a_counter_that_drifted(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    await create_booking(client, tenant, customer, scheduled_at="2026-02-15T10:00:00Z")
    async with database.transaction() as session:
        await session.execute(text("UPDATE booking_counts SET n = n + 2"))

    assert await verify_stats(database) == [
        f"booking_counts\t{tenant.account_id}/{tenant.mode}/scheduled/2026-02-15\tstored=3\texpected=1"
    ]


async def _writer(
    client: httpx.AsyncClient,
    tenant: Tenant,
    customers: list[Any],
    bookings: list[str],
    seed: int,
    operations: int,
) -> list[int]:
    """One client's mix: create, move through the status flow, reschedule, read."""
    rng = random.Random(seed)
    statuses = []
    for _ in range(operations):
        choice = rng.randrange(6)
        target = rng.choice(bookings)
        day = f"2026-05-{rng.randrange(1, 4):02d}T{rng.choice(['00:00:00', '12:00:00'])}Z"
        if choice == 0:
            response = await client.post(
                "/v1/bookings",
                json={
                    "customer_id": (owner := rng.choice(customers)).id,
                    "address_id": owner.address_id,
                    "service": "standard_cleaning",
                    "scheduled_at": day,
                    "duration_minutes": 60,
                    "price": 1000,
                },
                headers=tenant.headers,
            )
            if response.status_code == 201:
                bookings.append(response.json()["id"])
        elif choice == 1:
            response = await client.patch(
                f"/v1/bookings/{target}", json={"scheduled_at": day}, headers=tenant.headers
            )
        elif choice == 5:
            response = await client.get(
                f"/v1/bookings?status={rng.choice(STATUSES)}&page={rng.randrange(1, 4)}",
                headers=tenant.headers,
            )
        else:
            action = rng.choice(["confirm", "start", "complete", "cancel"])
            response = await client.post(f"/v1/bookings/{target}/{action}", headers=tenant.headers)
        statuses.append(response.status_code)
    return statuses


async def test_a_storm_of_writes_leaves_every_total_and_page_exact(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customers = [
        await make_customer(database, tenant, email=f"s{n}@example.com") for n in range(12)
    ]
    bookings = [
        (await create_booking(client, tenant, customers[n % 12], scheduled_at=moment))["id"]
        for n, moment in enumerate(MOMENTS * 2)
    ]
    for customer in customers[10:]:  # leaving midway: these are cancelled then
        for moment in ("2099-01-01T10:00:00Z", "2099-01-02T10:00:00Z", "2099-01-02T12:00:00Z"):
            bookings.append(
                (await create_booking(client, tenant, customer, scheduled_at=moment))["id"]
            )

    async def deactivate_midway(customer_id: str) -> int:
        await asyncio.sleep(0.2)
        response = await client.delete(f"/v1/customers/{customer_id}", headers=tenant.headers)
        return response.status_code

    results = await asyncio.gather(
        *(_writer(client, tenant, customers[:10], bookings, seed, 12) for seed in range(32)),
        *(deactivate_midway(customer.id) for customer in customers[10:]),
    )

    statuses = Counter(
        status
        for result in results
        for status in (result if isinstance(result, list) else [result])
    )
    assert not [status for status in statuses if status >= 500], statuses
    assert set(statuses) <= {200, 201, 409}, statuses
    assert statuses[200] > 100 and statuses[201] > 20, statuses  # the storm did write
    assert await verify_stats(database) == []
    await every_list_as_counted(client, tenant)
