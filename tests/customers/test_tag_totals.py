"""A tag's total comes from customer_tag_counts (migration 0018), kept by triggers in the
writing transaction: it must equal the same set counted from the rows after every kind of
write — create, PATCH, merge, erasure — and after a storm of concurrent ones. Both databases.

`&created_after=0001-01-01` asks for the same customers through a filter no counter keeps,
so that total is counted (customers/filters.py, only_tags)."""

import asyncio
import random
from collections import Counter

import httpx
import pytest

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant, create_customer, make_tenant, without_rate_limit

TAGS = ("vip", "pets", "key-holder")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A storm of concurrent writes is the point here, not the key's budget.
    return without_rate_limit(settings)


async def _total(client: httpx.AsyncClient, tenant: Tenant, query: str) -> int:
    response = await client.get(f"/v1/customers?per_page=1&{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    total: int = response.json()["pagination"]["total"]
    return total


async def _kept_and_counted(client: httpx.AsyncClient, tenant: Tenant, tag: str) -> tuple[int, int]:
    kept = await _total(client, tenant, f"tag={tag}")
    counted = await _total(client, tenant, f"tag={tag}&created_after=0001-01-01")
    return kept, counted


async def test_a_tags_total_follows_creates_patches_merges_and_erasures(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = [
        await create_customer(client, tenant, email=f"t{n}@example.com", tags=["VIP", "pets"])
        for n in range(4)
    ]
    assert await _kept_and_counted(client, tenant, "vip") == (4, 4)

    patched = await client.patch(
        f"/v1/customers/{made[0]['id']}", json={"tags": ["pets"]}, headers=tenant.headers
    )
    assert patched.status_code == 200, patched.text
    merged = await client.post(
        f"/v1/customers/{made[1]['id']}/merge",
        json={"source_id": made[2]["id"]},
        headers=tenant.headers,
    )
    assert merged.status_code == 200, merged.text
    erased = await client.post(
        f"/v1/customers/{made[3]['id']}/erase",
        json={"confirm": made[3]["id"]},
        headers=tenant.headers,
    )
    assert erased.status_code == 200, erased.text

    # Left holding vip: made[1] only (made[0] dropped it, made[2] merged into made[1],
    # made[3] erased); pets: made[0] and made[1].
    assert await _kept_and_counted(client, tenant, "VIP") == (1, 1)
    assert await _kept_and_counted(client, tenant, "pets") == (2, 2)
    assert await _total(client, tenant, "tag=vip&tag=pets") == 1


async def test_a_tag_is_counted_per_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    other_tenant = await make_tenant(database, name="other", mode="test")
    await create_customer(client, tenant, email="a@example.com", tags=["vip"])
    await create_customer(client, other_tenant, email="b@example.com", tags=["vip"])
    await create_customer(client, other_tenant, email="c@example.com", tags=["vip"])
    assert await _total(client, tenant, "tag=vip") == 1
    assert await _total(client, other_tenant, "tag=vip") == 2


async def _tagger(
    client: httpx.AsyncClient, tenant: Tenant, ids: list[str], seed: int
) -> list[int]:
    """One client's mix: PATCH a random customer's tags to a random subset, or create a
    tagged customer."""
    rng = random.Random(seed)
    statuses = []
    for n in range(8):
        tags = rng.sample(TAGS, rng.randrange(len(TAGS) + 1))
        if rng.random() < 0.2:
            response = await client.post(
                "/v1/customers",
                json={
                    "first_name": "Tam",
                    "last_name": "Storm",
                    "email": f"s{seed}-{n}@example.com",
                    "send_invitation": False,
                    "tags": tags,
                },
                headers=tenant.headers,
            )
        else:
            response = await client.patch(
                f"/v1/customers/{rng.choice(ids)}", json={"tags": tags}, headers=tenant.headers
            )
        statuses.append(response.status_code)
    return statuses


async def test_concurrent_tag_writes_never_fail_and_keep_every_tag_total_exact(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    ids = [
        (await create_customer(client, tenant, email=f"c{n}@example.com", tags=["vip"]))["id"]
        for n in range(12)
    ]

    results = await asyncio.gather(*[_tagger(client, tenant, ids, seed) for seed in range(16)])

    statuses = Counter(status for result in results for status in result)
    assert set(statuses) <= {200, 201}, statuses
    for tag in TAGS:
        kept, counted = await _kept_and_counted(client, tenant, tag)
        assert kept == counted, tag
