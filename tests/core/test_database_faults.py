"""A database that is down, exhausted or killed mid-query answers 503 `api_error`, never 500.

These run in process against failures we can cause without touching the shared server:
a port where nothing listens, a pool of one held by someone else, and our own backend
terminated mid-query. The full stop/start of a private cluster is bench/faults.py.
"""

import asyncio
import time
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from otesse.app import create_app
from otesse.auth.keys import generate_key
from otesse.config import Settings
from otesse.core.db import Database, normalise_database_url
from otesse.core.routing import TransactionalRoute
from tests.factories import Tenant
from tests.support.probe_app import PROBE_PATH, add_probe_route

SLEEP_PATH = "/v1/probe/sleep"


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["type"] == "api_error"
    assert int(response.headers["retry-after"]) >= 1


async def _call(app: FastAPI, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.get(path, headers=headers, timeout=30)


@pytest.fixture
def postgres_only(database_kind: str) -> None:
    if database_kind != "postgresql":
        pytest.skip("needs PostgreSQL (runs in the --database postgresql pass)")


async def test_database_down_is_503(settings: Settings) -> None:
    dead = Database("postgresql+asyncpg://postgres@127.0.0.1:1/none", pool_size=1)
    app = add_probe_route(create_app(settings, database=dead))
    try:
        headers = {"Authorization": f"Bearer {generate_key('test')}"}
        assert_unavailable(await _call(app, PROBE_PATH, headers))
        assert_unavailable(await _call(app, "/v1/health"))
    finally:
        await dead.dispose()


async def test_pool_checkout_timeout_is_503(
    postgres_only: None, settings: Settings, database_url: str, tenant: Tenant
) -> None:
    # A pool of exactly one connection and a short wait, held by us for the whole call.
    engine = create_async_engine(
        normalise_database_url(database_url), pool_size=1, max_overflow=0, pool_timeout=0.5
    )
    database = Database(database_url, engine=engine)
    app = add_probe_route(create_app(settings, database=database))
    try:
        async with database.engine.connect():
            assert_unavailable(await _call(app, PROBE_PATH, tenant.headers))
        assert (await _call(app, PROBE_PATH, tenant.headers)).status_code == 200
    finally:
        await database.dispose()


def _add_sleep_route(app: FastAPI, backend: asyncio.Future[int]) -> None:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get(SLEEP_PATH)
    async def sleep(request: Request) -> dict[str, str]:
        session = request.state.session
        backend.set_result((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())
        await session.execute(text("SELECT pg_sleep(20)"))
        return {"slept": "yes"}

    app.include_router(router)


async def test_server_gone_mid_query_is_503_and_the_next_request_succeeds(
    postgres_only: None, settings: Settings, database_url: str, tenant: Tenant
) -> None:
    database = Database(database_url, pool_size=2)
    app = add_probe_route(create_app(settings, database=database))
    backend: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    _add_sleep_route(app, backend)
    admin = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        call = asyncio.create_task(_call(app, SLEEP_PATH))
        pid = await asyncio.wait_for(backend, 10)
        # Only our own backend: the server and everyone else's sessions are untouched.
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        assert_unavailable(await asyncio.wait_for(call, 10))
        assert (await _call(app, PROBE_PATH, tenant.headers)).status_code == 200
    finally:
        await admin.close()
        await database.dispose()


def _add_slow_statement_route(app: FastAPI) -> None:
    router = APIRouter(route_class=TransactionalRoute)

    @router.post(SLOW_PATH)
    async def slow(request: Request) -> dict[str, str]:
        await request.state.session.execute(text("SELECT pg_sleep(4)"))
        return {"slept": "yes"}

    app.include_router(router)


SLOW_PATH = "/v1/probe/slow"


async def test_a_statement_past_the_statement_timeout_is_a_quick_503(
    postgres_only: None, settings: Settings, tenant: Tenant
) -> None:
    """What a stalled server looks like to a request: no answer. Before, nothing but a 30 s
    command timeout bounded it; now OTESSE_DATABASE_STATEMENT_TIMEOUT_SECONDS does, and the
    connection it left mid-statement is not handed to the next request."""
    tight = settings.model_copy(
        update={"database_statement_timeout_seconds": 0.5, "run_worker": False}
    )
    app = add_probe_route(create_app(tight))  # the app builds its own engine from the settings
    _add_slow_statement_route(app)
    async with app.router.lifespan_context(app):
        started = time.monotonic()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            slow = await client.post(SLOW_PATH, timeout=30)
            assert_unavailable(slow)
            assert time.monotonic() - started < 3
            for _ in range(3):  # the pool's other connections, and the replaced one
                following = await client.get(PROBE_PATH, headers=tenant.headers)
                assert following.status_code == 200, following.text
