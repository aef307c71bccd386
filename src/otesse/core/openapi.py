"""The error model as OpenAPI sees it, so every route can declare the errors it answers."""

from typing import Any

from pydantic import BaseModel, Field

from otesse.core.enums import ENUM_EXTRAS
from otesse.core.openapi_headers import declare_headers, describe_api
from otesse.core.text_guard import STORABLE_TEXT_PATTERN


class ErrorDetail(BaseModel):
    type: str
    code: str
    message: str
    param: str | None
    request_id: str | None
    existing_id: str | None = Field(
        default=None,
        description="On a 409 over a unique value (email_taken, external_id_taken): the id "
        "of the resource that holds it.",
    )


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

# Every authenticated route can answer these, whatever it does; a route without
# authentication (GET /v1/health) never answers 401 or 429.
COMMON_ERRORS = (400, 401, 429, 500, 503)
UNAUTHENTICATED_ERRORS = (400, 500, 503)


def error_responses(*statuses: int, authenticated: bool = True) -> dict[int | str, dict[str, Any]]:
    common = COMMON_ERRORS if authenticated else UNAUTHENTICATED_ERRORS
    codes = sorted({*common, *statuses})
    return {code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in codes}


def _idempotency_conflicts(schema: dict[str, Any]) -> None:
    """Every operation that honours ``Idempotency-Key`` can answer 409 ``idempotency_key_reused``
    (the key was used with another request), whatever else it does: declared here once."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            headers = {
                parameter.get("name", "").lower()
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "header"
            }
            if "idempotency-key" in headers:
                operation["responses"].setdefault("409", _error_response(409))


def _parameters_never_null(schema: dict[str, Any]) -> None:
    """A query, header or path parameter is absent or text, never JSON null: ``X | None`` in a
    route's signature means "optional", so ``anyOf: [X, null]`` becomes X."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                typed = parameter.get("schema", {})
                options = typed.get("anyOf", [])
                rest = [option for option in options if option != {"type": "null"}]
                if len(rest) == 1 and len(options) == 2:
                    del typed["anyOf"]
                    parameter["schema"] = {**rest[0], **typed}


def _named_enums(schema: dict[str, Any]) -> None:
    """What the named enumerations' core schemas cannot carry (core/enums.py)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, extras in ENUM_EXTRAS.items():
        if name in components:
            components[name].update(extras)


def _body_errors(schema: dict[str, Any]) -> None:
    """An operation that takes a body can also answer 413 (over 1 MiB) and 415 (not JSON)."""
    for operation in _operations(schema):
        if "requestBody" in operation:
            for status in (413, 415):
                operation["responses"].setdefault(str(status), _error_response(status))


# Formats whose syntax has no room for a NUL already; a pattern beside one would also make
# schemathesis generate from the pattern instead of the format's own generator.
SYNTAX_FORMATS = ("date", "date-time", "email", "phone")
# A file's bytes are not text stored as given: the import decodes and validates each cell
# (a NUL makes the file `file_unreadable`, docs/import.md).
NOT_TEXT_FORMATS = ("binary",)


def _refused_text(schema: dict[str, Any]) -> None:
    """Text no database can store is refused everywhere (core/text_guard.py: a NUL in a body
    or a query parameter is a 400, in a path a 404), so every string a request carries says
    so, unless a pattern of its own (a text rule, a ZIP, an entity tag), a closed set or a
    format's syntax already excludes it; object keys too."""
    components = schema.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def mark(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                mark(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/") and ref not in seen:
            seen.add(ref)
            mark(components.get(ref.rsplit("/", 1)[1]))
        if (
            node.get("type") == "string"
            and not {"pattern", "enum", "const"} & node.keys()
            and node.get("format") not in (*SYNTAX_FORMATS, *NOT_TEXT_FORMATS)
        ):
            node["pattern"] = STORABLE_TEXT_PATTERN
        if node.get("type") == "object" and node.get("additionalProperties", False) is not False:
            node.setdefault("propertyNames", {"pattern": STORABLE_TEXT_PATTERN})
        for key in ("properties", "items", "anyOf", "oneOf", "allOf", "additionalProperties"):
            value = node.get(key)
            mark(list(value.values()) if key == "properties" and isinstance(value, dict) else value)

    for operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            mark(parameter.get("schema"))
        for media in operation.get("requestBody", {}).get("content", {}).values():
            mark(media.get("schema"))


def finish_document(schema: dict[str, Any]) -> dict[str, Any]:
    """The generated document, with what FastAPI cannot infer from the routes."""
    _parameters_never_null(schema)
    _refused_text(schema)
    _idempotency_conflicts(schema)
    _named_enums(schema)
    _body_errors(schema)
    declare_headers(schema)
    describe_api(schema)
    return without_framework_422(schema)


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for path_item in schema.get("paths", {}).values()
        for operation in path_item.values()
        if isinstance(operation, dict)
    ]


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }


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
