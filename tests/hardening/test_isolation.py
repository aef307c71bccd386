"""No read, change or list entry across accounts or modes; a foreign id looks like a missing one.

For every operation with an id in its path (found in the OpenAPI document), account A (test
mode) creates one resource of each kind; then the rest of the matrix {account A, account B} x
{test, live} (A live, B test, B live) calls the operation on A's ids. Each answer must be the
404 a well-formed id that exists nowhere gets (bodies compared apart from request id and the
id itself), and A's resources must read the same afterwards. Lists seen from the other three
cells must hold none of A's ids.
"""

from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import Tenant, make_tenant
from tests.hardening.openapi_world import (
    EXPECTED_OPERATIONS,
    body_for,
    document,
    fill_path,
    find,
    make_world,
    missing_ids,
    normalise,
    operations,
    world_resources,
)

DOC = document()


def _shown(label: str) -> str:
    method, path = label.split(" ", 1)
    return f"{method.upper()} {path}"


def _labels(with_ids: bool) -> list[str]:
    def wanted(method: str, path: str) -> bool:
        return ("{" in path) == with_ids and (with_ids or method == "get")

    found = {
        f"{op.method} {normalise(op.path)}" for op in operations(DOC) if wanted(op.method, op.path)
    }
    present = {f"{op.method} {normalise(op.path)}" for op in operations(DOC)}
    promised = {f"{m} {p}" for m, p in EXPECTED_OPERATIONS if wanted(m, p)}
    return sorted(found | (promised - present))


def _comparable(response: httpx.Response, ids: dict[str, str]) -> Any:
    text = response.text
    for value in ids.values():
        text = text.replace(value, "<id>")
    body = httpx.Response(response.status_code, content=text.encode()).json()
    body.get("error", {}).pop("request_id", None)
    return body


async def _snapshot(
    client: httpx.AsyncClient, world: dict[str, str], headers: dict[str, str]
) -> dict[str, Any]:
    return {
        url: (await client.get(url, headers=headers)).json()
        for _, url in world_resources(DOC, world)
    }


@pytest.fixture
async def outsiders(database: Database) -> dict[str, Tenant]:
    """The rest of the matrix {account A, account B} x {test, live}: `tenant` is account A
    ("acme") in test mode, which owns the world."""
    return {
        "account A live": await make_tenant(database, name="acme", mode="live"),
        "account B test": await make_tenant(database, name="globex", mode="test"),
        "account B live": await make_tenant(database, name="globex", mode="live"),
    }


@pytest.mark.parametrize("label", _labels(with_ids=True))
async def test_foreign_ids_are_indistinguishable_from_missing_ones(
    label: str, client: httpx.AsyncClient, tenant: Tenant, outsiders: dict[str, Tenant]
) -> None:
    op = find(DOC, label)
    if op is None:
        pytest.fail(f"{_shown(label)} is promised but missing from the OpenAPI document")
    world = await make_world(client, DOC, tenant.headers)
    before = await _snapshot(client, world, tenant.headers)
    nowhere = missing_ids(world)
    body = body_for(DOC, op, world)
    for who, outsider in outsiders.items():
        foreign = await client.request(
            op.method, fill_path(op, world), json=body, headers=outsider.headers
        )
        missing = await client.request(
            op.method, fill_path(op, nowhere), json=body, headers=outsider.headers
        )
        assert foreign.status_code == 404, (
            f"{who}: {op.label} -> {foreign.status_code} {foreign.text}"
        )
        assert _comparable(foreign, world) == _comparable(missing, nowhere), who
    assert await _snapshot(client, world, tenant.headers) == before
    if op.method == "get":
        own = await client.get(fill_path(op, world), headers=tenant.headers)
        assert own.status_code == 200, f"the owner cannot read {op.label}: {own.text}"


@pytest.mark.parametrize("label", _labels(with_ids=False))
async def test_lists_show_nothing_across_the_boundary(
    label: str, client: httpx.AsyncClient, tenant: Tenant, outsiders: dict[str, Tenant]
) -> None:
    op = find(DOC, label)
    if op is None:
        pytest.fail(f"{_shown(label)} is promised but missing from the OpenAPI document")
    world = await make_world(client, DOC, tenant.headers)
    for who, outsider in outsiders.items():
        response = await client.get(op.path, headers=outsider.headers)
        assert response.status_code == 200, f"{who}: {response.text}"
        leaked = [value for value in world.values() if value in response.text]
        assert not leaked, f"{who} sees {leaked} in {op.label}"
