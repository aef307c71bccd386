"""Refuse text no database can store before it reaches one.

PostgreSQL refuses NUL characters in text, and a lone UTF-16 surrogate (JSON allows the
escape ``\\ud800``) cannot be encoded to UTF-8 at all: both would fail deep in the driver
as a 500. The body is only decoded again here when it holds a ``\\u`` escape, which
ordinary requests do not, so the hot path pays one byte search.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from otesse.core.errors import InvalidRequest, NotFound

# The NUL part of the rule as a JSON Schema pattern (Python and ECMA-262 alike), which the
# OpenAPI document puts on every request string that has no stricter one (core/openapi.py).
# A lone surrogate has no pattern: JSON text that holds one is not UTF-8 to begin with.
STORABLE_TEXT_PATTERN = "^[^\\u0000]*$"


def is_storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _first_unstorable(value: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return None if is_storable(value) else path
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and not is_storable(key):
            return (*path, "?")
        found = _first_unstorable(item, (*path, str(key)))
        if found is not None:
            return found
    return None


def refuse_unstorable_body(body: bytes) -> None:
    if b"\\u" not in body and b"\x00" not in body:
        return
    try:
        # json, not orjson: orjson refuses lone surrogates outright, json lets us name the field.
        decoded = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON: FastAPI answers that with its own 400
    found = _first_unstorable(decoded)
    if found is not None:
        param = ".".join(found) or None
        raise InvalidRequest(
            "Text may not contain NUL characters or unpaired surrogates.",
            code="parameter_invalid",
            param=param,
        )


def refuse_unstorable_path(path: Callable[[], str], params: Iterable[tuple[str, Any]]) -> None:
    """An id no database could hold names no resource: 404, as for any unknown id. (``path``
    is asked for only then: building the request's URL costs on every request.)"""
    if not all(is_storable(str(value)) for _, value in params):
        shown = "".join(c for c in path() if is_storable(c))
        raise NotFound(f"Unrecognized request URL ({shown}).")


def refuse_unstorable_params(params: Iterable[tuple[str, Any]]) -> None:
    for name, value in params:
        if not is_storable(str(value)) or not is_storable(name):
            raise InvalidRequest(
                "Text may not contain NUL characters or unpaired surrogates.",
                code="parameter_invalid",
                param=name if is_storable(name) else None,
            )
