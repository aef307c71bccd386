"""Every authenticated route refuses a missing, malformed, unknown or revoked key with 401."""

from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from otesse.auth import repository
from otesse.auth.keys import generate_key
from otesse.auth.principal import CurrentPrincipal
from otesse.core.db import Database
from otesse.core.routing import TransactionalRoute
from tests.factories import Tenant


@pytest.fixture
def whoami_app(app: FastAPI) -> FastAPI:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get("/v1/whoami")
    async def whoami(principal: CurrentPrincipal) -> dict[str, Any]:
        return {"account_id": principal.account_id, "mode": principal.mode}

    app.include_router(router)
    return app


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-key",
        "Bearer " + generate_key("test"),  # well formed, never issued
        "Bearer " + generate_key("live")[:-1] + "0",  # checksum off
    ],
)
async def test_refused_keys_get_401(
    whoami_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = await client.get("/v1/whoami", headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


async def test_a_valid_key_acts_as_its_account_and_mode(
    whoami_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get("/v1/whoami", headers=tenant.headers)

    assert response.status_code == 200
    assert response.json() == {"account_id": tenant.account_id, "mode": "test"}


async def test_a_revoked_key_gets_401(
    whoami_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    async with database.transaction() as session:
        assert await repository.revoke_key(session, tenant.key_id)

    response = await client.get("/v1/whoami", headers=tenant.headers)

    assert response.status_code == 401


async def test_a_revoked_key_stops_working_within_the_cache_bound(
    whoami_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    """A process trusts a key it authenticated for auth_cache_seconds (1 s): a revocation
    takes effect in that process at the latest once that time has passed (auth/cache.py)."""
    now = [1000.0]
    cache = whoami_app.state.key_cache
    cache.clock = lambda: now[0]
    assert (await client.get("/v1/whoami", headers=tenant.headers)).status_code == 200
    async with database.transaction() as session:
        assert await repository.revoke_key(session, tenant.key_id)

    now[0] += cache.ttl_seconds / 2
    assert (await client.get("/v1/whoami", headers=tenant.headers)).status_code == 200
    now[0] += cache.ttl_seconds / 2
    assert (await client.get("/v1/whoami", headers=tenant.headers)).status_code == 401


async def test_no_cache_when_its_bound_is_zero(
    whoami_app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    whoami_app.state.key_cache.ttl_seconds = 0
    assert (await client.get("/v1/whoami", headers=tenant.headers)).status_code == 200
    async with database.transaction() as session:
        assert await repository.revoke_key(session, tenant.key_id)

    assert (await client.get("/v1/whoami", headers=tenant.headers)).status_code == 401
