"""Strong entity tags over the exact JSON a GET returns, and the ``If-Match`` check."""

import hashlib

from otesse.core.errors import PreconditionFailed

# RFC 9110 section 13.1.1: "*" or a comma-separated list of entity tags (ASCII etagc here).
# Documented in OpenAPI; a value of any other form matches no tag, hence 412 like a stale tag.
_TAG = r'(W/)?"[!#-~]*"'
IF_MATCH_PATTERN = rf"^[ \t]*(\*|{_TAG}([ \t]*,[ \t]*{_TAG})*)[ \t]*$"


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def check_if_match(if_match: str | None, current_body: bytes) -> None:
    """412 unless ``If-Match`` is absent, ``*``, or lists the current tag (strong comparison,
    so weak ``W/`` tags never match)."""
    if if_match is None:
        return
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" in tags or etag_of(current_body) in tags:
        return
    raise PreconditionFailed(
        "The customer changed since you read it: If-Match does not match its current ETag. "
        "GET it again and retry.",
        param="If-Match",
    )
