"""Every error, FastAPI's and Starlette's included, answered in the one error shape."""

from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from otesse.core.errors import (
    ApiError,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    ServiceUnavailable,
    error_body,
)

RETRY_AFTER_SECONDS = "2"

# What a database that is down, restarting, full or gone mid-query raises, wrapped by
# SQLAlchemy or not: connection refused (OSError), pool checkout timeouts, asyncpg's
# connection errors (class 08), operator intervention (57P01 admin shutdown, 57P03 "starting
# up"), too many connections (53300) and a connection found closed.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.InterfaceError,
)


def is_database_unavailable(error: BaseException) -> bool:
    """True when the error says the database cannot be reached, not that a query is wrong."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, UNAVAILABLE_ERRORS):
            return True
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        seen = seen.__cause__ or (seen.orig if isinstance(seen, DBAPIError) else None)
    return False


def api_error_response(request: Request, error: ApiError) -> JSONResponse:
    request_id = request.scope.get("state", {}).get("request_id")
    return JSONResponse(
        error_body(error, request_id), status_code=error.status_code, headers=error.headers
    )


def _validation_error(exc: RequestValidationError) -> InvalidRequest:
    first: dict[str, Any] = exc.errors()[0]
    location = [str(part) for part in first.get("loc", ())]
    source = location[0] if location else "body"
    param = ".".join(location[1:]) or None
    kind = first.get("type", "")
    if kind == "extra_forbidden":
        return InvalidRequest(f"Unknown parameter: {param}.", code="parameter_unknown", param=param)
    if kind == "json_invalid":
        return InvalidRequest("The request body is not valid JSON.", code="body_invalid")
    if kind == "missing":
        what = "body" if param is None else param
        return InvalidRequest(
            f"Missing required parameter: {what}.", code="parameter_missing", param=param
        )
    where = {"query": "query parameter", "path": "path parameter", "header": "header"}.get(
        source, "parameter"
    )
    message = str(first.get("msg", "is invalid"))
    subject = f"Invalid {where} {param}" if param else "Invalid request body"
    return InvalidRequest(f"{subject}: {message}.", code="parameter_invalid", param=param)


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return api_error_response(request, exc)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return api_error_response(request, _validation_error(exc))

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers or {})
        error: ApiError
        if exc.status_code == 404:
            error = NotFound(f"Unrecognized request URL ({request.method} {request.url.path}).")
        elif exc.status_code == 405:
            error = MethodNotAllowed(
                f"{request.method} is not allowed on {request.url.path}.", headers=headers
            )
        else:
            error = InvalidRequest(str(exc.detail), headers=headers, status_code=exc.status_code)
        return api_error_response(request, error)

    async def on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        if not is_database_unavailable(exc):
            raise exc  # a real bug: the middleware answers 500 and logs it
        error = ServiceUnavailable(
            "The database is unavailable. Retry shortly.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
        return api_error_response(request, error)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    for unavailable in (*UNAVAILABLE_ERRORS, DBAPIError):
        app.add_exception_handler(unavailable, on_database_unavailable)
