"""Another account, and the other mode of the same account, see none of a tenant's customers
or addresses: every endpoint answers as if they did not exist."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import HOME, Tenant, create_customer, make_tenant

Call = Callable[[httpx.AsyncClient, dict[str, str], dict[str, Any]], Awaitable[httpx.Response]]


def _customer(c: dict[str, Any]) -> str:
    return f"/v1/customers/{c['id']}"


def _address(c: dict[str, Any]) -> str:
    return f"/v1/customers/{c['id']}/addresses/{c['addresses'][0]['id']}"


CALLS: dict[str, Call] = {
    "get": lambda client, headers, c: client.get(_customer(c), headers=headers),
    "patch": lambda client, headers, c: client.patch(
        _customer(c), json={"first_name": "X"}, headers=headers
    ),
    "delete": lambda client, headers, c: client.delete(_customer(c), headers=headers),
    "add_address": lambda client, headers, c: client.post(
        f"{_customer(c)}/addresses", json=HOME, headers=headers
    ),
    "patch_address": lambda client, headers, c: client.patch(
        _address(c), json={"label": "X"}, headers=headers
    ),
    "delete_address": lambda client, headers, c: client.delete(_address(c), headers=headers),
}


@pytest.fixture(params=["other_account", "live_mode"])
async def stranger(request: pytest.FixtureRequest, database: Database, tenant: Tenant) -> Tenant:
    if request.param == "other_account":
        return await make_tenant(database, name="globex", mode="test")
    live = await make_tenant(database, name="acme", mode="live")
    assert live.account_id == tenant.account_id
    return live


@pytest.mark.parametrize("call", list(CALLS))
async def test_strangers_get_the_404_of_a_missing_id(
    client: httpx.AsyncClient, tenant: Tenant, stranger: Tenant, call: str
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    missing = {"id": "cust_01ZZZZZZZZZZZZZZZZZZZZZZZZ", "addresses": [{"id": "addr_x"}]}
    foreign = await CALLS[call](client, stranger.headers, customer)
    absent = await CALLS[call](client, stranger.headers, missing)
    assert foreign.status_code == absent.status_code == 404
    strip = ("request_id", "message")
    assert {k: v for k, v in foreign.json()["error"].items() if k not in strip} == {
        k: v for k, v in absent.json()["error"].items() if k not in strip
    }
    # Nothing changed for the owner.
    own = await client.get(_customer(customer), headers=tenant.headers)
    assert own.json() == customer


async def test_lists_and_email_uniqueness_are_per_tenant(
    client: httpx.AsyncClient, tenant: Tenant, stranger: Tenant
) -> None:
    await create_customer(client, tenant, email="john@example.com")
    listed = await client.get("/v1/customers", headers=stranger.headers)
    assert listed.json()["data"] == []
    assert listed.json()["pagination"]["total"] == 0
    # The same email is free in another account or mode.
    theirs = await create_customer(client, stranger, email="john@example.com")
    mine = await client.get("/v1/customers", headers=tenant.headers)
    assert theirs["id"] not in [c["id"] for c in mine.json()["data"]]
