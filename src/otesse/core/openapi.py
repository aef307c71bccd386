"""The error model as OpenAPI sees it, so every route can declare the errors it answers."""

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    type: str
    code: str
    message: str
    param: str | None
    request_id: str | None


class ErrorResponse(BaseModel):
    error: ErrorDetail


_DESCRIPTIONS = {
    400: "Invalid request: a parameter is missing, unknown or malformed (`param` names it).",
    401: "Missing, malformed, unknown or revoked API key.",
    404: "No such resource for this account and mode.",
    405: "Method not allowed on this path.",
    409: "Conflict with the current state of the resource.",
    412: "`If-Match` does not match the current ETag.",
    413: "Request body larger than 1 MiB.",
    415: "Request body is not JSON.",
    429: "Too many requests for this API key.",
    500: "Unexpected error; quote the request id.",
    503: "The database is unavailable; retry after `Retry-After` seconds.",
}

# Every authenticated route can answer these, whatever it does.
COMMON_ERRORS = (400, 401, 429, 500, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    codes = sorted({*COMMON_ERRORS, *statuses})
    return {code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in codes}


def without_framework_422(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the 422 responses FastAPI documents by default: validation errors here are 400s
    in the one error shape, and every route declares those itself."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                operation.get("responses", {}).pop("422", None)
    schemas = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    return schema
