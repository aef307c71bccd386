"""Request dependencies run on the event loop: FastAPI hands a plain (sync) function
dependency to a worker thread, a thread hop on every request of the routes that use it."""

import inspect

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from otesse.app import create_app
from otesse.config import Settings


def _routes(routes: list[object]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        for attribute in ("original_router", "router", "app"):
            inner = getattr(route, attribute, None)
            if inner is not None and hasattr(inner, "routes"):
                found.extend(_routes(inner.routes))
    return found


def _runs_on_the_loop(call: object) -> bool:
    function = call if inspect.isroutine(call) else getattr(call, "__call__", call)  # noqa: B004
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


def test_no_route_depends_on_a_plain_function(app: FastAPI) -> None:
    routes = [route for route in _routes(app.routes) if route.path.startswith("/v1/")]
    assert len(routes) > 20
    sync = set()
    for route in routes:
        pending = list(route.dependant.dependencies)
        while pending:
            dependency = pending.pop()
            pending.extend(dependency.dependencies)
            if not _runs_on_the_loop(dependency.call):
                sync.add(
                    f"{route.path}: {getattr(dependency.call, '__qualname__', dependency.call)}"
                )
    assert sorted(sync) == []
