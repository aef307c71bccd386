"""The rules every operation of the OpenAPI document keeps, checked on the document itself.

Each rule is derived from the document (never from a hand list of operations), so an
operation merged later is held to it the day it lands: an explicit short operationId in the
convention of docs/api-conventions.md, Idempotency-Key on every POST, the one Pagination
schema on every list, named enumerations, date-time timestamps, the headers it sends, a
summary and a description of every operation and parameter, an example of every body.
"""

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.openapi import NOT_TEXT_FORMATS, SYNTAX_FORMATS
from tests.hardening.openapi_world import Operation, document, operations

DOC = document()
LABEL = Operation.label.fget
OPERATIONS = operations(DOC)
IDS = [op.label for op in OPERATIONS]
STANDARD_VERBS = {"list", "create", "get", "update", "delete"}
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def _singular(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def _literals(path: str) -> list[str]:
    return [part for part in path.strip("/").split("/") if part != "v1" and "{" not in part]


def _is_collection(path: str) -> bool:
    """A path is a collection when some path names one of its members (``<path>/{id}``)."""
    return any(re.fullmatch(re.escape(path) + r"/\{[^}/]+\}", other) for other in DOC["paths"])


def _resource(words: list[str]) -> str:
    """customers/{id}/addresses -> customer_addresses: every segment singular but the last."""
    return "_".join([*(_singular(word) for word in words[:-1]), words[-1]])


def expected_names(op: Operation) -> set[str]:
    """The operationIds the convention allows for this method and path."""
    words = _literals(op.path)
    ends_in_id = op.path.endswith("}")
    if op.method == "post" and not _is_collection(op.path) and not ends_in_id:
        # An action: bookings/{id}/complete -> bookings_complete; or a singular
        # sub-resource acted on, customers/{id}/invitation -> customer_invitation_<verb>.
        action = _resource(words[:-1]) + "_" + words[-1] if len(words) > 1 else None
        return {name for name in (action, f"{_resource(words)}_*") if name}
    if op.method == "get" and "{" not in op.path and len(words) > 1 and not words[-1].endswith("s"):
        # The collection read another way, as a whole: customers/export -> customers_export.
        return {"_".join(words)}
    verb = {
        # A collection (customers, a customer's bookings) is listed; a singleton (health) got.
        "get": "list" if not ends_in_id and words[-1].endswith("s") else "get",
        "post": "create",
        "patch": "update",
        "put": "update",
        "delete": "delete",
    }[op.method]
    return {f"{_resource(words)}_{verb}"}


def _matches(name: str, allowed: set[str]) -> bool:
    return any(
        name == pattern
        or (pattern.endswith("_*") and re.fullmatch(re.escape(pattern[:-1]) + r"[a-z]+", name))
        for pattern in allowed
    )


def test_the_document_is_valid_openapi() -> None:
    validate(DOC)


def test_every_route_sets_its_operation_id_explicitly() -> None:
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    implicit = [
        f"{sorted(route.methods)} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute) and route.include_in_schema and not route.operation_id
    ]
    assert implicit == [], "set operation_id= on these routes (docs/api-conventions.md)"


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_operation_ids_follow_the_convention(op: Operation) -> None:
    name = op.spec["operationId"]
    assert SNAKE.fullmatch(name), name
    if op.path.startswith("/v1/"):
        allowed = expected_names(op)
        assert _matches(name, allowed), f"{op.label}: {name}, expected one of {allowed}"
    else:
        # Pages outside the API (a customer's invitation page): snake case, ending in a verb.
        assert name.rsplit("_", 1)[-1] in STANDARD_VERBS | {"accept", "submit"}, name


def test_operation_ids_are_unique() -> None:
    names = [op.spec["operationId"] for op in OPERATIONS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.method == "post"], ids=LABEL)
def test_every_post_takes_an_idempotency_key(op: Operation) -> None:
    headers = {p["name"] for p in op.spec.get("parameters", []) if p["in"] == "header"}
    assert "Idempotency-Key" in headers, op.label
    assert "409" in op.spec["responses"], op.label
    success = next(status for status in op.spec["responses"] if status.startswith("2"))
    assert "Idempotent-Replayed" in op.spec["responses"][success]["headers"]


def _schema_of(response: dict[str, Any]) -> dict[str, Any]:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    return DOC["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else {}


LISTS = [
    op
    for op in OPERATIONS
    if op.method == "get"
    # A list's `data` is an array (an event's `data` is an object: not a list).
    and _schema_of(op.spec["responses"]["200"]).get("properties", {}).get("data", {}).get("type")
    == "array"
]


def test_the_lists_are_found() -> None:
    assert {op.spec["operationId"] for op in LISTS} >= {"customers_list", "bookings_list"}


@pytest.mark.parametrize("op", LISTS, ids=LABEL)
def test_every_list_is_paginated_the_same_way(op: Operation) -> None:
    envelope = _schema_of(op.spec["responses"]["200"])
    assert envelope["properties"]["pagination"] == {"$ref": "#/components/schemas/Pagination"}
    assert envelope["properties"]["data"]["type"] == "array"
    query = {p["name"] for p in op.spec["parameters"] if p["in"] == "query"}
    assert {"page", "per_page"} <= query
    assert "Link" in op.spec["responses"]["200"]["headers"]


def _walk(value: Any, path: tuple[str, ...] = ()) -> Any:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, str(index)))


def test_every_enumeration_is_a_named_component() -> None:
    inline = [
        "/".join(path)
        for path, node in _walk(DOC)
        if "enum" in node
        and not (len(path) == 3 and path[:2] == ("components", "schemas"))
        and path[:2] != ("components", "headers")
    ]
    assert inline == [], "name these with otesse.core.enums.NamedEnum"


def test_every_timestamp_is_a_date_time() -> None:
    wrong = []
    for name, schema in DOC["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if not field.endswith("_at"):
                continue
            options = [prop, *prop.get("anyOf", [])]
            if not any(option.get("format") == "date-time" for option in options):
                wrong.append(f"{name}.{field}")
    assert wrong == []


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_every_response_declares_the_headers_it_sends(op: Operation) -> None:
    assert op.spec.get("summary"), op.label
    for status, response in op.spec["responses"].items():
        headers = response.get("headers", {})
        assert "Request-Id" in headers, (op.label, status)
        if status == "201":
            assert "Location" in headers and response.get("links"), (op.label, status)
        if status == "401":
            assert "WWW-Authenticate" in headers
        if status in ("429", "503"):
            assert "Retry-After" in headers
    if op.spec.get("security") == []:
        assert not {"401", "429"} & set(op.spec["responses"]), "it never authenticates"
    if "requestBody" in op.spec:
        assert {"413", "415"} <= set(op.spec["responses"]), op.label


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_every_operation_and_parameter_is_described(op: Operation) -> None:
    """What a generated client shows as its docstrings, and a reader of /docs sees."""
    assert op.spec.get("summary") and op.spec.get("description"), op.label
    bare = [
        f"{p['in']} {p['name']}" for p in op.spec.get("parameters", []) if not p.get("description")
    ]
    assert bare == [], op.label


def _takes_json(op: Operation) -> bool:
    return "application/json" in op.spec.get("requestBody", {}).get("content", {})


@pytest.mark.parametrize("op", [op for op in OPERATIONS if _takes_json(op)], ids=LABEL)
def test_every_json_request_body_has_an_example(op: Operation) -> None:
    """Schemathesis' examples phase sends them, and the document shows a reader one."""
    body = op.body_schema(DOC)
    assert body is not None and body.get("examples"), op.label
    checker = Draft202012Validator({**body, "components": DOC["components"]})
    for example in body["examples"]:
        assert list(checker.iter_errors(example)) == [], (op.label, example)


def _strings(node: Any, where: str, seen: set[str]) -> Any:
    """Every string schema under ``node``, following references once each."""
    if isinstance(node, list):
        for item in node:
            yield from _strings(item, where, seen)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if ref and ref not in seen:
        seen.add(ref)
        yield from _strings(DOC["components"]["schemas"][ref.rsplit("/", 1)[1]], ref, seen)
    if node.get("type") == "string":
        yield where, node
    if isinstance(node.get("propertyNames"), dict):  # an object's keys are strings too
        yield f"{where}.propertyNames", node["propertyNames"]
    for key in ("properties", "items", "anyOf", "oneOf", "allOf", "additionalProperties"):
        value = node.get(key)
        nested = list(value.values()) if key == "properties" and isinstance(value, dict) else value
        yield from _strings(nested, f"{where}.{key}", seen)


def _refuses_nul(schema: dict[str, Any]) -> bool:
    if "enum" in schema or "const" in schema or schema.get("format") in SYNTAX_FORMATS:
        return True  # a format's syntax has no room for a NUL (email, phone: fuzz_formats.py)
    if schema.get("format") in NOT_TEXT_FORMATS:
        return True  # a file's bytes: the import refuses a NUL as file_unreadable
    pattern = schema.get("pattern")
    return pattern is not None and re.search(pattern, "a\x00b") is None


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_every_request_string_says_a_nul_is_refused(op: Operation) -> None:
    """A NUL is refused in every parameter and body string (core/text_guard.py); the document
    says so, so a generator that draws NUL characters knows it draws invalid data."""
    seen: set[str] = set()
    schemas = [(p["name"], p.get("schema")) for p in op.spec.get("parameters", [])]
    content = op.spec.get("requestBody", {}).get("content", {})
    schemas += [("body", media.get("schema")) for media in content.values()]
    silent = [
        where
        for name, schema in schemas
        for where, string in _strings(schema, name, seen)
        if not _refuses_nul(string)
    ]
    assert silent == [], op.label


@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if "requestBody" in op.spec and not _takes_json(op)], ids=LABEL
)
def test_every_other_request_body_shows_an_example(op: Operation) -> None:
    """A file upload's example is a file's content, shown beside its media type."""
    content = op.spec["requestBody"]["content"]
    assert any(media.get("example") for media in content.values()), op.label
