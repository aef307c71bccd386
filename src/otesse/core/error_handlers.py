"""Every error, FastAPI's and Starlette's included, answered in the one error shape."""

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from otesse.core.db_errors import (
    DATABASE_ERRORS,
    is_concurrency_abort,
    is_database_unavailable,
    is_unstorable_value,
)
from otesse.core.errors import (
    ApiError,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    ServiceUnavailable,
    error_body,
)

RETRY_AFTER_SECONDS = "2"


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


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _documented_paths(app: FastAPI) -> list[tuple[re.Pattern[str], int, set[str]]]:
    """The document's paths as (pattern, number of parameters, methods), built once."""
    table = getattr(app.state, "allow_table", None)
    if table is None:
        table = [
            (
                re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"),
                path.count("{"),
                {method.upper() for method in operations},
            )
            for path, operations in app.openapi()["paths"].items()
        ]
        app.state.allow_table = table
    return table


def _allowed_methods(request: Request) -> str:
    """Every method some route answers on this path: Starlette's 405 names only the first
    route's (GET and POST /v1/customers are two routes), and clients read `Allow`. For a path
    of the document, the most specific path only: `/v1/customers/export` is a resource of its
    own, not a customer id the `/v1/customers/{customer_id}` operations would also match.
    """
    path = request.url.path
    matching = [
        (params, methods)
        for regex, params, methods in _documented_paths(request.app)
        if regex.match(path)
    ]
    if matching:
        _, methods = min(matching, key=lambda found: found[0])
        return ", ".join(method for method in METHODS if method in methods)
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


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
            headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
            error = MethodNotAllowed(
                f"{request.method} is not allowed on {request.url.path}.", headers=headers
            )
        elif exc.status_code == 400:
            # FastAPI's "error parsing the body": not UTF-8 (a gzip body, say), or JSON nested
            # past what the parser follows. The documented code for a body that is not JSON.
            error = InvalidRequest(
                "The request body is not valid JSON: send uncompressed UTF-8 JSON text "
                "that is not nested hundreds of levels deep.",
                code="body_invalid",
            )
        else:
            error = InvalidRequest(str(exc.detail), headers=headers, status_code=exc.status_code)
        return api_error_response(request, error)

    async def on_database_error(request: Request, exc: Exception) -> JSONResponse:
        if is_unstorable_value(exc):
            # Schemas should bound every value; this is the net under the ones that do not.
            invalid = InvalidRequest(
                "A value is out of range, too long or not representable.",
                code="parameter_invalid",
            )
            return api_error_response(request, invalid)
        if is_concurrency_abort(exc):
            # Still aborted after the route's retries (core/routing.py): nothing was saved.
            busy = ServiceUnavailable(
                "Concurrent requests kept conflicting with this one; nothing was saved. "
                "Retry shortly.",
                code="concurrent_conflict",
                headers={"Retry-After": "1"},
            )
            return api_error_response(request, busy)
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
    for database_error in DATABASE_ERRORS:
        app.add_exception_handler(database_error, on_database_error)
