"""Lean JSON answers: resources rendered as plain dicts and encoded by orjson.

Pydantic models still describe each response in OpenAPI; the hot path skips validating what
the code itself just built (docs/performance.md: ORM objects and Pydantic cost ~4x on reads).
"""

from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import Request, Response
from pydantic import WithJsonSchema

from otesse.core.pagination import PageRequest, pagination, set_link_header

# A timestamp as :func:`timestamp` writes it, for the response models of the hot paths that
# render plain dicts: the document says ``format: date-time`` like the Pydantic-rendered ones.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


def timestamp(moment: datetime | None) -> str | None:
    """RFC 3339 in UTC without fractions: ``2025-06-15T09:00:00Z``."""
    if moment is None:
        return None
    # isoformat, not strftime("%Y"): glibc writes year 84 as "84", which is not RFC 3339.
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def encode(content: Any) -> bytes:
    return orjson.dumps(content)


def json_response(
    content: Any, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        encode(content), status_code=status_code, media_type="application/json", headers=headers
    )


def page_response(request: Request, items: list[Any], page: PageRequest, total: int) -> Response:
    """A list answer: the seed's envelope and its ``Link`` header."""
    return encoded_page_response(request, encode(items), page, total)


def encoded_page_response(request: Request, data: bytes, page: PageRequest, total: int) -> Response:
    """:func:`page_response` for items already encoded as one JSON array (``data``): the
    envelope is written around the bytes, exactly as orjson would encode the whole."""
    body = b'{"data":' + data + b',"pagination":' + encode(pagination(page, total)) + b"}"
    response = Response(body, media_type="application/json")
    set_link_header(response, request, page, total)
    return response
