"""The routes core/lean_handler.py calls answer exactly what FastAPI's own handler answers.

Every read it applies to is asked the same requests (declared parameters with good, bad,
empty and repeated values, unknown ones, real and unknown ids, no key) by two apps: ours,
and one whose dependency overrides send every route through FastAPI's handler. Status,
body and headers must be the same (request ids aside).
"""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.lean_handler import lean_handler
from otesse.core.routing import TransactionalRoute
from tests.core.test_dependencies import _routes
from tests.factories import Tenant, create_booking, make_customer, without_rate_limit

VALUES = ("1", "bogus", "", "true", "2025-06-15", "active", "-3", "x" * 300)
REQUEST_ID = re.compile(rb"req_[0-9A-Z]{26}")
# An export is stamped when it is made: the two apps answer a second apart now and then.
GENERATED_AT = re.compile(rb'"generated_at":"[^"]*"')
VARYING_HEADERS = {"request-id", "ratelimit-reset", "ratelimit", "ratelimit-remaining"}


def _never_called() -> None:
    """Overriding a dependency no route has sends every route through FastAPI's handler."""


def _lean_routes(app: FastAPI) -> list[APIRoute]:
    return [
        route
        for route in _routes(app.routes)
        if isinstance(route, TransactionalRoute) and lean_handler(route.dependant) is not None
    ]


def _query_names(route: APIRoute) -> list[str]:
    names, dependants = [], [route.dependant]
    while dependants:
        current = dependants.pop()
        names.extend(field.alias for field in current.query_params)
        dependants.extend(current.dependencies)
    return sorted(set(names))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Both apps spend one key's bucket for ~1,000 requests: on a fast machine they outran the
    # default rate, and a 429 on one side only is not a difference between the handlers.
    return without_rate_limit(settings)


@pytest.fixture
async def fastapi_client(
    settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=database)
    app.dependency_overrides[_never_called] = _never_called
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


def test_the_hot_reads_are_lean(app: FastAPI) -> None:
    lean = {(route.path, *sorted(route.methods)) for route in _lean_routes(app)}
    for path in ("/v1/customers", "/v1/customers/{customer_id}", "/v1/bookings"):
        assert (path, "GET") in lean
    assert ("/v1/customers", "POST") not in lean  # a body: FastAPI's handler


def _seen(response: httpx.Response) -> tuple[int, bytes, list[tuple[str, str]]]:
    headers = sorted(
        (name, value) for name, value in response.headers.items() if name not in VARYING_HEADERS
    )
    body = GENERATED_AT.sub(b'"generated_at":""', REQUEST_ID.sub(b"req_", response.content))
    return response.status_code, body, headers


async def test_lean_routes_answer_as_fastapi_does(
    app: FastAPI,
    client: httpx.AsyncClient,
    fastapi_client: httpx.AsyncClient,
    database: Database,
    tenant: Tenant,
) -> None:
    customer = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, customer)
    ids = {
        "customer_id": customer.id,
        "address_id": customer.address_id,
        "booking_id": booking["id"],
    }
    # Reads only: a lean DELETE would delete for one app and answer 404 to the other (their
    # own tests cover them).
    routes = [route for route in _lean_routes(app) if route.methods == {"GET"}]
    assert len(routes) > 20
    compared = 0
    for route in routes:
        method = "GET"
        real = route.path.format_map({name: ids.get(name, "x_unknown") for name in _names(route)})
        unknown = route.path.format_map({name: "x_unknown" for name in _names(route)})
        requests: list[tuple[str, dict[str, Any], dict[str, str]]] = [
            (real, {}, tenant.headers),
            (unknown, {}, tenant.headers),
            (real, {}, {}),
            (real, {"unknown_parameter": "1"}, tenant.headers),
        ]
        for name in _query_names(route):
            requests.extend((real, {name: value}, tenant.headers) for value in VALUES)
            requests.append((real, {name: ["1", "2"]}, tenant.headers))
        for path, params, headers in requests:
            ours = await client.request(method, path, params=params, headers=headers)
            theirs = await fastapi_client.request(method, path, params=params, headers=headers)
            assert _seen(ours) == _seen(theirs), (method, path, params)
            compared += 1
    assert compared > 200


def _names(route: APIRoute) -> list[str]:
    return re.findall(r"{(\w+)}", route.path)
