"""The one error shape, for the errors FastAPI and Starlette raise as well as ours."""

from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ConfigDict

from otesse.auth.principal import CurrentPrincipal
from otesse.core.routing import TransactionalRoute


class Greeting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int = 1


def _add_probe_routes(app: FastAPI) -> None:
    router = APIRouter(route_class=TransactionalRoute)

    @router.post("/v1/probe")
    async def probe(greeting: Greeting, principal: CurrentPrincipal) -> dict[str, Any]:
        return {"name": greeting.name, "account": principal.account_id}

    @router.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail that must not leak")

    app.include_router(router)


@pytest.fixture
def probed_app(app: FastAPI) -> FastAPI:
    _add_probe_routes(app)
    return app


def assert_error(response: httpx.Response, status: int, error_type: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"type", "code", "message", "param", "request_id"}
    assert error["type"] == error_type
    assert error["request_id"] == response.headers["request-id"]
    return error


async def test_unknown_route_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/nothing-here"), 404, "not_found_error")


async def test_wrong_method_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.put("/v1/health")
    assert_error(response, 405, "invalid_request_error")
    assert response.headers["allow"] == "GET"


async def test_validation_names_the_field(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    response = await client.post(
        "/v1/probe", json={"name": "x", "count": "many"}, headers=tenant.headers
    )
    error = assert_error(response, 400, "invalid_request_error")
    assert error["param"] == "count"


async def test_unknown_field_is_refused(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    response = await client.post(
        "/v1/probe", json={"name": "x", "admin": True}, headers=tenant.headers
    )
    error = assert_error(response, 400, "invalid_request_error")
    assert error["param"] == "admin"
    assert error["code"] == "parameter_unknown"


async def test_missing_field_is_named(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    response = await client.post("/v1/probe", json={}, headers=tenant.headers)
    assert assert_error(response, 400, "invalid_request_error")["param"] == "name"


async def test_malformed_json_is_400(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    response = await client.post(
        "/v1/probe",
        content=b'{"name": ',
        headers={**tenant.headers, "content-type": "application/json"},
    )
    assert assert_error(response, 400, "invalid_request_error")["code"] == "body_invalid"


async def test_non_json_body_is_415(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    response = await client.post("/v1/probe", data={"name": "x"}, headers=tenant.headers)
    assert_error(response, 415, "invalid_request_error")


async def test_body_over_one_mebibyte_is_413(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    big = {"name": "x" * (1024 * 1024 + 1)}
    response = await client.post("/v1/probe", json=big, headers=tenant.headers)
    assert_error(response, 413, "invalid_request_error")


async def test_streamed_body_over_the_limit_is_413(
    probed_app: FastAPI, client: httpx.AsyncClient, tenant: Any
) -> None:
    async def chunks() -> Any:
        yield b'{"name": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    response = await client.post(
        "/v1/probe",
        content=chunks(),
        headers={**tenant.headers, "content-type": "application/json"},
    )
    assert_error(response, 413, "invalid_request_error")


async def test_unhandled_exception_is_500_without_details(
    probed_app: FastAPI, client: httpx.AsyncClient
) -> None:
    response = await client.get("/v1/boom")
    error = assert_error(response, 500, "api_error")
    assert error["request_id"] in error["message"]
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["cache-control"] == "no-store"
