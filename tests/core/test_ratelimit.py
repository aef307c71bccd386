"""Rate limits per API key: in process memory, and shared through Redis by several processes."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
import redis.asyncio
from fastapi import FastAPI

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.ratelimit import RedisRateLimiter
from tests.factories import SEED_CREATE, Tenant, make_tenant
from tests.support.probe_app import PROBE_PATH, add_probe_route
from tests.support.servers import served

REDIS_URL = "redis://127.0.0.1:6379/0"
# Practically no refill during a test: the burst alone is the budget.
SLOW_RATE = 0.001


async def _redis_or_skip() -> None:
    client = redis.asyncio.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except Exception as error:
        pytest.skip(f"Redis is not running at {REDIS_URL} ({error})")
    finally:
        await client.aclose()


@pytest.fixture
def limited_app(settings: Settings, database: Database) -> FastAPI:
    tight = settings.model_copy(update={"rate_limit_per_second": SLOW_RATE, "rate_limit_burst": 3})
    return add_probe_route(create_app(tight, database=database))


async def _call(app: FastAPI, tenant: Tenant) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.get(PROBE_PATH, headers=tenant.headers)


async def test_every_authenticated_response_carries_the_budget(
    limited_app: FastAPI, tenant: Tenant
) -> None:
    remaining = []
    for _ in range(3):
        response = await _call(limited_app, tenant)
        assert response.status_code == 200, response.text
        assert response.headers["ratelimit-limit"] == "3"
        assert int(response.headers["ratelimit-reset"]) >= 1
        remaining.append(int(response.headers["ratelimit-remaining"]))
    assert remaining == [2, 1, 0]


async def test_over_the_burst_is_429_with_retry_after(limited_app: FastAPI, tenant: Tenant) -> None:
    for _ in range(3):
        assert (await _call(limited_app, tenant)).status_code == 200
    response = await _call(limited_app, tenant)
    assert response.status_code == 429
    error: dict[str, Any] = response.json()["error"]
    assert error["type"] == "rate_limit_error"
    assert error["request_id"] == response.headers["request-id"]
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["ratelimit-remaining"] == "0"


async def test_each_key_has_its_own_budget(
    limited_app: FastAPI, tenant: Tenant, database: Database
) -> None:
    other = await make_tenant(database, name="globex", mode="test")
    for _ in range(4):
        await _call(limited_app, tenant)
    assert (await _call(limited_app, tenant)).status_code == 429
    assert (await _call(limited_app, other)).status_code == 200


async def test_the_budget_refills_at_the_rate(
    settings: Settings, database: Database, tenant: Tenant
) -> None:
    fast = settings.model_copy(update={"rate_limit_per_second": 20.0, "rate_limit_burst": 1})
    app = add_probe_route(create_app(fast, database=database))
    assert (await _call(app, tenant)).status_code == 200
    assert (await _call(app, tenant)).status_code == 429
    await asyncio.sleep(0.1)  # two tokens' worth at 20/s
    assert (await _call(app, tenant)).status_code == 200


async def test_unauthenticated_requests_carry_no_budget(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/health")
    assert "ratelimit-limit" not in response.headers


async def test_redis_bucket_is_atomic_under_concurrency() -> None:
    await _redis_or_skip()
    # A generous timeout: on a loaded machine 60 new connections can take longer than the
    # production 0.25 s, and the in-process fallback would then grant its own burst.
    limiter = RedisRateLimiter(
        REDIS_URL,
        rate=SLOW_RATE,
        burst=25,
        prefix=f"otesse-test:{uuid.uuid4().hex}:",
        timeout_seconds=10,
    )
    try:
        decisions = await asyncio.gather(*(limiter.spend("key_1") for _ in range(60)))
    finally:
        await limiter.close()
    assert sum(decision.allowed for decision in decisions) == 25


async def test_redis_down_falls_back_to_the_process_bucket() -> None:
    limiter = RedisRateLimiter(
        "redis://127.0.0.1:1/0", rate=SLOW_RATE, burst=2, prefix="otesse-test:down:"
    )
    try:
        decisions = [await limiter.spend("key_1") for _ in range(3)]
    finally:
        await limiter.close()
    assert [decision.allowed for decision in decisions] == [True, True, False]


async def test_two_processes_share_one_budget_through_redis(
    database_url: str, database: Database, tenant: Tenant, tmp_path: Any
) -> None:
    """Two real ``otesse serve`` processes, a real endpoint (list, then create customers)."""
    await _redis_or_skip()
    env = {
        "OTESSE_DATABASE_URL": database_url,
        "OTESSE_MAIL_URL": f"file://{tmp_path}/mail",
        "OTESSE_REDIS_URL": REDIS_URL,
        "OTESSE_RATE_LIMIT_REDIS_PREFIX": f"otesse-test:{uuid.uuid4().hex}:",
        "OTESSE_RATE_LIMIT_PER_SECOND": str(SLOW_RATE),
        "OTESSE_RATE_LIMIT_BURST": "10",
    }
    with (
        served(env, log_path=tmp_path / "a.log") as first,
        served(env, log_path=tmp_path / "b.log") as second,
    ):
        async with httpx.AsyncClient(headers=tenant.headers, timeout=10) as client:
            responses = []
            for n in range(10):
                for base in (first, second):
                    if n % 2:
                        body = {**SEED_CREATE, "email": f"limit-{n}-{len(responses)}@example.com"}
                        responses.append(await client.post(f"{base}/v1/customers", json=body))
                    else:
                        responses.append(await client.get(f"{base}/v1/customers"))
    statuses = [response.status_code for response in responses]
    # 20 requests, alternating processes: the first 10 spend the one shared burst of 10.
    assert all(status in (200, 201) for status in statuses[:10]), statuses
    assert set(statuses[10:]) == {429}, statuses
    remaining = [int(response.headers["RateLimit-Remaining"]) for response in responses[:10]]
    assert remaining == list(range(9, -1, -1))
    refused = responses[10]
    assert refused.json()["error"]["type"] == "rate_limit_error"
    assert int(refused.headers["Retry-After"]) >= 1
