"""Entity tags of customers, and the ``If-Match`` check.

The tag covers the customer's editable state: every field of the representation except those
the service changes by itself, ``stats`` (bookings and invoices move it), ``invitation`` (the
mail worker records the sending) and ``updated_at`` (which moves with both). So a client's
GET -> PATCH with ``If-Match`` fails with 412 only when someone changed the customer or its
addresses in between, never because an email went out (docs/api-conventions.md).
"""

import hashlib
import re

import orjson

from otesse.core.errors import InvalidRequest, PreconditionFailed

# RFC 9110 section 13.1.1: "*" or a comma-separated list of entity tags (ASCII etagc here).
# Whitespace around the value is not part of it (HTTP strips it before we see the header).
_TAG = r'(W/)?"[!#-~]*"'
IF_MATCH_PATTERN = rf"^(\*|{_TAG}( *, *{_TAG})*)$"
_IF_MATCH = re.compile(IF_MATCH_PATTERN)
# Fields of the representation that change without a client writing to the customer.
NOT_TAGGED = ("stats", "invitation", "updated_at")


def etag_of(body: bytes) -> str:
    """The strong tag of the customer whose JSON is ``body`` (its editable state)."""
    document = orjson.loads(body)
    for field in NOT_TAGGED:
        document.pop(field, None)
    digest = hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS))
    return '"' + digest.hexdigest()[:32] + '"'


def check_if_match(if_match: str | None, current_body: bytes) -> None:
    """400 for a malformed ``If-Match``; 412 unless it is absent, ``*``, or lists the current
    tag (strong comparison, so weak ``W/`` tags never match)."""
    if if_match is None:
        return
    if not _IF_MATCH.fullmatch(if_match.strip(" \t")):
        raise InvalidRequest(
            'If-Match must be "*" or a list of entity tags such as "6f1c…" (quotes included), '
            "as ETag sends them.",
            code="parameter_invalid",
            param="If-Match",
        )
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" in tags or etag_of(current_body) in tags:
        return
    raise PreconditionFailed(
        "The customer changed since you read it: If-Match does not match its current ETag. "
        "GET it again and retry.",
        param="If-Match",
    )
