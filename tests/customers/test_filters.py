"""Every list filter declared in customers/filters.py, on both databases: it finds its
matches alone and beside every other filter, its total is exact, and a bad value is a 400
naming it. A new filter is tested here by being declared, with its example below."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from otesse.customers.counter_reach import counters_can_answer
from otesse.customers.filters import FILTERS, LISTED_ONLY, UNLISTED_STATUSES
from otesse.customers.filters import CustomerFilters as Filters
from otesse.models import Customer, CustomerCount, CustomerDayCount, CustomerTermCount
from tests.customers.test_list import list_ids
from tests.factories import HOME, Tenant, assert_error, create_customer, make_zone, set_columns

# A filter's example: makes a customer it finds and one it does not; returns the query value
# and the found customer's id.
Example = Callable[[httpx.AsyncClient, Tenant, Database], Awaitable[tuple[Any, str]]]


async def _search(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> tuple[str, str]:
    found = await create_customer(client, tenant, last_name="Quimby", email="q@example.com")
    await create_customer(client, tenant, last_name="Jones", email="j@example.com")
    return "quim", found["id"]


async def _status(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> tuple[str, str]:
    found = await create_customer(client, tenant, email="i@example.com")
    await create_customer(client, tenant, email="a@example.com")
    await set_columns(database, found["id"], status="inactive")
    return "inactive", found["id"]


async def _created_after(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[str, str]:
    found = await create_customer(client, tenant, email="new@example.com")
    old = await create_customer(client, tenant, email="old@example.com")
    await set_columns(database, old["id"], created_at=datetime(2020, 1, 1, tzinfo=UTC))
    return "2021-01-01", found["id"]


async def _has_subscription(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[str, str]:
    found = await create_customer(client, tenant, email="s@example.com")
    await create_customer(client, tenant, email="p@example.com")
    await set_columns(database, found["id"], active_subscriptions=1, active_subscription=True)
    return "true", found["id"]


async def _zone_id(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[str, str]:
    zone_id = await make_zone(database, tenant, "97401")
    found = await create_customer(client, tenant, email="in@example.com", address=HOME)
    await create_customer(client, tenant, email="out@example.com", address={**HOME, "zip": "97477"})
    return zone_id, found["id"]


async def _external_id(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[str, str]:
    found = await create_customer(client, tenant, email="crm@example.com", external_id="crm-1")
    await create_customer(client, tenant, email="crm2@example.com", external_id="crm-10")
    return "crm-1", found["id"]


async def _tag(client: httpx.AsyncClient, tenant: Tenant, database: Database) -> tuple[Any, str]:
    found = await create_customer(client, tenant, email="vip@example.com", tags=["VIP", "pets"])
    await create_customer(client, tenant, email="pets@example.com", tags=["pets"])
    # Repeated: all of them, compared case-insensitively.
    return ["vip", "Pets"], found["id"]


async def _metadata(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[Any, str]:
    found = await create_customer(
        client, tenant, email="m1@example.com", metadata={"crm": "8812", "src": "web"}
    )
    await create_customer(client, tenant, email="m2@example.com", metadata={"crm": "8812"})
    await create_customer(client, tenant, email="m3@example.com", metadata={"src": "web"})
    return {"metadata[crm]": "8812", "metadata[src]": "web"}, found["id"]


def params_of(name: str, value: Any) -> dict[str, Any]:
    """A filter's query parameters: its name and value, or (a deepObject filter's) the
    parameters themselves."""
    return value if isinstance(value, dict) else {name: value}


EXAMPLES: dict[str, Example] = {
    "search": _search,
    "status": _status,
    "created_after": _created_after,
    "has_subscription": _has_subscription,
    "zone_id": _zone_id,
    "external_id": _external_id,
    "tag": _tag,
    "metadata": _metadata,
}
# A value the filter refuses (400 naming it).
REFUSED: dict[str, str] = {
    "search": "x" * 201,
    "status": "unknown",
    "created_after": "2025-13-01",
    "has_subscription": "maybe",
    "zone_id": "z" * 41,
    "external_id": "e" * 256,
    "tag": "t" * 51,
    "metadata": {"metadata[k]": "v" * 501},
}
# The parameter a refused value's 400 names.
REFUSED_PARAM = {"metadata": "metadata[k]"}
NAMES = [list_filter.name for list_filter in FILTERS]


def test_every_declared_filter_has_an_example_and_a_refused_value() -> None:
    assert set(EXAMPLES) == set(REFUSED) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_counter_column_exists_wherever_it_is_read(name: str) -> None:
    """A filter the counters keep names a column of the customers and of every counter
    table that the triggers keep by it (migrations 0002, 0021); one kept by the day counts
    is answered by them alone; any other is counted (but the search, kept once registered)."""
    [declared] = [list_filter for list_filter in FILTERS if list_filter.name == name]
    alone = Filters(account_id="a", mode="test", chosen=((declared, ""),))
    if declared.counter_column is not None:
        for table in (Customer, CustomerCount, CustomerTermCount, CustomerDayCount):
            assert declared.counter_column in table.__table__.c, table
    elif declared.day_counter is not None:
        assert counters_can_answer(alone)
    else:
        assert not counters_can_answer(alone) or name == "search"


@pytest.mark.parametrize("name", NAMES)
async def test_a_filter_finds_its_matches(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, name: str
) -> None:
    value, found = await EXAMPLES[name](client, tenant, database)
    assert await list_ids(client, tenant, **params_of(name, value)) == [found]
    # Twice: the second answer may come from counters or anchors the first one left.
    assert await list_ids(client, tenant, **params_of(name, value)) == [found]


@pytest.mark.parametrize(("name", "other"), list(combinations(NAMES, 2)))
async def test_filters_combine_with_and(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, name: str, other: str
) -> None:
    value, found = await EXAMPLES[name](client, tenant, database)
    other_value, _ = await EXAMPLES[other](client, tenant, database)
    both = {**params_of(name, value), **params_of(other, other_value)}
    alone = set(await list_ids(client, tenant, **params_of(name, value)))
    assert found in alone
    expected = alone & set(await list_ids(client, tenant, **params_of(other, other_value)))
    assert set(await list_ids(client, tenant, **both)) == expected


@pytest.mark.parametrize("name", NAMES)
async def test_a_refused_value_is_a_400_naming_the_filter(
    client: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    response = await client.get(
        "/v1/customers", params=params_of(name, REFUSED[name]), headers=tenant.headers
    )
    assert_error(response, 400, "parameter_invalid", REFUSED_PARAM.get(name, name))


def test_a_filter_given_none_filters_nothing_but_merged_customers() -> None:
    everything = Filters.of("acct", "test", **{name: None for name in NAMES})
    assert everything.chosen == ((LISTED_ONLY, UNLISTED_STATUSES),)
    assert counters_can_answer(everything)
