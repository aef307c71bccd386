"""The route class every endpoint uses: one database session and one commit per request.

The handler runs inside a session; the commit happens here, after the handler returned and
before the response leaves, so a client never sees a 2xx for something that was not saved.
An exception anywhere rolls the whole request back; a transaction the database aborted to
let a concurrent one finish (deadlock, serialization failure) is run again (ATTEMPTS).
"""

import asyncio
import random
from collections.abc import Callable, Coroutine
from typing import Any

import fastapi.routing
from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db_errors import is_concurrency_abort, is_database_unavailable
from otesse.core.errors import InvalidRequest, UnsupportedMediaType
from otesse.core.lean_handler import lean_handler
from otesse.core.pagination import DeclaredQuery
from otesse.core.text_guard import (
    refuse_unstorable_body,
    refuse_unstorable_params,
    refuse_unstorable_path,
)

JSON_MEDIA_TYPES = ("application/json",)
# A request the database aborted for a concurrent one's sake (deadlock, serialization
# failure) runs again from the start, in a new transaction, this many times in all.
ATTEMPTS = 3
# Handlers of these methods never write in the request's session (docs/performance.md: no
# BEGIN/COMMIT for them), so it is closed without a commit: a read that must write once
# (registering a search term) does it in a session of its own.
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in JSON_MEDIA_TYPES or media_type.endswith("+json")


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        fastapi_handler = super().get_route_handler()
        built = _as_built(self)
        lean = lean_handler(built.dependant)

        def handler_for(request: Request) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            # Overrides (a test's) are looked up per request, by FastAPI's handler only.
            if lean is None or getattr(request.app, "dependency_overrides", None):
                return fastapi_handler
            return lean

        expects_json = self.body_field is not None
        declared = DeclaredQuery.of(built)

        async def handle_in_transaction(request: Request) -> Response:
            state = request.scope.setdefault("state", {})
            state["route"], state["declared_query"] = self.path_format, declared
            refuse_unstorable_path(lambda: request.url.path, request.path_params.items())
            refuse_unstorable_params(request.query_params.multi_items())
            _refuse_unknown_query(request, declared)
            if expects_json:
                _refuse_non_json_body(request)
                # Read (and cache) the body here, so a body over the size limit surfaces as
                # our 413 rather than as FastAPI's generic parse error.
                refuse_unstorable_body(await request.body())
            read_only = request.method in READ_ONLY_METHODS
            for attempt in range(1, ATTEMPTS + 1):
                async with request.app.state.database.session(read_only=read_only) as session:
                    request.state.session = session
                    try:
                        response = await handler_for(request)(request)
                        if not read_only:
                            await session.commit()
                    except Exception as error:
                        if is_database_unavailable(error):
                            await _discard_connection(session)
                        if attempt == ATTEMPTS or not is_concurrency_abort(error):
                            raise
                    else:
                        return response
                # Rolled back as the session closed; a short random pause lets the other
                # side of the deadlock finish first.
                await asyncio.sleep(random.uniform(0.005, 0.025) * attempt)  # noqa: S311
            raise AssertionError("unreachable: the last attempt returns or raises")

        return handle_in_transaction


def _as_built(route: APIRoute) -> Any:
    """The route as FastAPI builds its handler: an included router's context (its prefix's
    and dependencies' effect) while it builds it there, else the route itself. FastAPI's
    APIRoute.get_route_handler reads the same context variable."""
    building = getattr(fastapi.routing, "_effective_route_context_var", None)
    context = building.get() if building is not None else None
    return context if context is not None and context.original_route is route else route


async def _discard_connection(session: AsyncSession) -> None:
    """A connection that failed mid-use (its backend terminated, a statement timed out on a
    stalled server) can be left mid-protocol, and the hot paths talk to asyncpg directly,
    past SQLAlchemy's disconnect handling: it must never serve the next request. Invalidating
    closes it without a round trip to a server that may not answer."""
    await session.invalidate()


def _refuse_unknown_query(request: Request, declared: DeclaredQuery) -> None:
    """A misspelled filter (``?stauts=``) must not quietly answer the unfiltered list: a query
    parameter the operation does not declare is a 400 naming it, as an unknown body field is.
    A declared deepObject parameter (``metadata``) declares every ``metadata[KEY]``."""
    for name in request.query_params:
        if not declared.declares(name):
            raise InvalidRequest(
                f"Unknown query parameter: {name}.", code="parameter_unknown", param=name
            )


def _refuse_non_json_body(request: Request) -> None:
    has_body = request.headers.get("content-length", "0") != "0" or (
        "transfer-encoding" in request.headers
    )
    content_type = request.headers.get("content-type")
    if has_body and (content_type is None or not _is_json(content_type)):
        raise UnsupportedMediaType(
            "Request bodies must be JSON; send `Content-Type: application/json`."
        )


async def get_session(request: Request) -> AsyncSession:
    """The request's session (a FastAPI dependency); never commit it yourself."""
    session: AsyncSession = request.state.session
    return session
