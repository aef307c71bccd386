"""The route class every endpoint uses: one database session and one commit per request.

The handler runs inside a session; the commit happens here, after the handler returned and
before the response leaves, so a client never sees a 2xx for something that was not saved.
An exception anywhere rolls the whole request back.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db_errors import is_database_unavailable
from otesse.core.errors import InvalidRequest, UnsupportedMediaType
from otesse.core.events import request_context
from otesse.core.pagination import declared_query_names
from otesse.core.text_guard import (
    refuse_unstorable_body,
    refuse_unstorable_params,
    refuse_unstorable_path,
)

JSON_MEDIA_TYPES = ("application/json",)
# Handlers of these methods never write (docs/performance.md: no BEGIN/COMMIT for them).
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in JSON_MEDIA_TYPES or media_type.endswith("+json")


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        expects_json = self.body_field is not None
        known_query = declared_query_names(self.dependant)

        async def handle_in_transaction(request: Request) -> Response:
            request.scope.setdefault("state", {})["route"] = self.path_format
            refuse_unstorable_path(request.url.path, request.path_params.items())
            refuse_unstorable_params(request.query_params.multi_items())
            _refuse_unknown_query(request, known_query)
            if expects_json:
                _refuse_non_json_body(request)
                # Read (and cache) the body here, so a body over the size limit surfaces as
                # our 413 rather than as FastAPI's generic parse error.
                refuse_unstorable_body(await request.body())
            read_only = request.method in READ_ONLY_METHODS
            # What the events of this request's changes name as their request.
            request_context.set(
                (
                    request.scope["state"].get("request_id"),
                    request.headers.get("idempotency-key", "").strip() or None,
                )
            )
            async with request.app.state.database.session(read_only=read_only) as session:
                request.state.session = session
                try:
                    response = await handler(request)
                    await session.commit()
                except Exception as error:
                    if is_database_unavailable(error):
                        await _discard_connection(session)
                    raise
                return response

        return handle_in_transaction


async def _discard_connection(session: AsyncSession) -> None:
    """A connection that failed mid-use (its backend terminated, a statement timed out on a
    stalled server) can be left mid-protocol, and the hot paths talk to asyncpg directly,
    past SQLAlchemy's disconnect handling: it must never serve the next request. Invalidating
    closes it without a round trip to a server that may not answer."""
    await session.invalidate()


def _refuse_unknown_query(request: Request, known: frozenset[str]) -> None:
    """A misspelled filter (``?stauts=``) must not quietly answer the unfiltered list: a query
    parameter the operation does not declare is a 400 naming it, as an unknown body field is."""
    for name in request.query_params:
        if name not in known:
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
