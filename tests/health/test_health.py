import httpx

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from tests.core.test_ratelimit import REDIS_URL, _redis_or_skip


async def test_health_answers_ok_when_the_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not_configured"}
    assert response.headers["request-id"].startswith("req_")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_health_is_503_in_the_error_shape_when_the_database_is_down() -> None:
    # Nothing listens on port 1: the database is unreachable.
    unreachable = "postgresql+asyncpg://postgres@127.0.0.1:1/none"
    database = Database(unreachable, pool_size=1)
    app = create_app(Settings(database_url=unreachable), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/v1/health")
    await database.dispose()

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["type"] == "api_error"
    assert error["request_id"] == response.headers["request-id"]
    assert "retry-after" in response.headers


async def _health_with_redis(settings: Settings, database: Database, url: str) -> httpx.Response:
    app = create_app(settings.model_copy(update={"redis_url": url}), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/v1/health")
    await app.state.rate_limiter.close()
    return response


async def test_health_reports_the_redis_of_the_shared_rate_limits(
    settings: Settings, database: Database
) -> None:
    await _redis_or_skip()

    response = await _health_with_redis(settings, database, REDIS_URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


async def test_a_lost_redis_degrades_but_keeps_the_process_in_rotation(
    settings: Settings, database: Database
) -> None:
    # Nothing listens on port 1: the limits fall back to this process (core/ratelimit.py).
    response = await _health_with_redis(settings, database, "redis://127.0.0.1:1/0")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}


async def test_openapi_declares_the_errors_actually_served(client: httpx.AsyncClient) -> None:
    document = (await client.get("/v1/openapi.json")).json()

    health = document["paths"]["/v1/health"]["get"]["responses"]
    assert {"200", "503"} <= set(health)
    assert "422" not in health
    assert "HTTPValidationError" not in document["components"]["schemas"]
