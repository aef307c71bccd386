"""A 405 lists every method the path answers, even when each method is its own route."""

import httpx
from fastapi import APIRouter, FastAPI

from otesse.core.routing import TransactionalRoute


def _add_two_routes(app: FastAPI) -> None:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get("/v1/probe/things")
    async def list_things() -> dict[str, str]:
        return {}

    @router.post("/v1/probe/things")
    async def create_thing() -> dict[str, str]:
        return {}

    app.include_router(router)


async def test_allow_names_the_methods_of_every_route_on_the_path(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _add_two_routes(app)
    for method in ("PUT", "DELETE", "OPTIONS"):
        response = await client.request(method, "/v1/probe/things")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"


async def test_allow_names_the_most_specific_path_only(client: httpx.AsyncClient) -> None:
    # /v1/customers/export would also match /v1/customers/{customer_id} (GET, PATCH, DELETE).
    response = await client.request("OPTIONS", "/v1/customers/export")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    response = await client.request("PUT", "/v1/customers/cust_123")
    assert response.headers["allow"] == "GET, PATCH, DELETE"
