"""The real app plus one authenticated probe route, for process-level tests of the plumbing
that sits around every endpoint (authentication, rate limits) before the endpoints exist."""

from typing import Any

from fastapi import APIRouter, FastAPI

from otesse.app import create_app
from otesse.auth.principal import CurrentPrincipal
from otesse.core.routing import TransactionalRoute

PROBE_PATH = "/v1/probe/whoami"


def add_probe_route(app: FastAPI) -> FastAPI:
    router = APIRouter(route_class=TransactionalRoute)

    @router.get(PROBE_PATH)
    async def whoami(principal: CurrentPrincipal) -> dict[str, Any]:
        return {"account_id": principal.account_id, "mode": principal.mode}

    app.include_router(router)
    return app


def create_probe_app() -> FastAPI:
    return add_probe_route(create_app())
