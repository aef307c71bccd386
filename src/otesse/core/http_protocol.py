"""uvicorn's HTTP protocol, answering the requests it cannot parse in the API's error shape.

A request uvicorn's parser refuses (an unknown method with httptools, a control character in
a header, a malformed request line or chunk, a URL past httptools' own 64 KiB) never reaches
the app: uvicorn used to answer a plain-text ``400 Invalid HTTP request received.`` with no
request id. This subclass answers in the one error shape, with a ``Request-Id`` and the
headers every response carries, and writes the access log line: ``414 uri_too_long`` when
the URL received so far is already past ``OTESSE_MAX_REQUEST_TARGET_BYTES`` (as the app would
have answered), else ``400 invalid_request_error`` / ``request_malformed``.

What stays outside the API's control (docs/api-conventions.md): bytes that are not HTTP at
all are still answered this way but cannot be told apart; a connection closed before a whole
request line arrives gets no answer; TLS, if any, ends in front of this process.
"""

import time
from typing import Any

import orjson

from otesse.config import get_settings
from otesse.core.errors import ApiError, InvalidRequest, error_body
from otesse.core.ids import new_id
from otesse.core.logging import get_logger
from otesse.core.middleware import COMMON_HEADERS, uri_too_long

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # pragma: no cover - httptools ships with uvicorn[standard]
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Protocol  # type: ignore[assignment]

log = get_logger("otesse.http")
REASONS = {400: "Bad Request", 414: "URI Too Long"}

MALFORMED = (
    "The request is not valid HTTP/1.1 (an unknown method, or a control character in a "
    "header line, for instance); nothing was done."
)


def refused_request_response(
    error: ApiError, request_id: str, server_headers: list[tuple[bytes, bytes]]
) -> bytes:
    """The whole HTTP/1.1 response to a request the parser refused; the connection closes."""
    body = orjson.dumps(error_body(error, request_id))
    headers = [
        *server_headers,
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"request-id", request_id.encode()),
        *COMMON_HEADERS,
        (b"connection", b"close"),
    ]
    status = f"HTTP/1.1 {error.status_code} {REASONS[error.status_code]}".encode()
    lines = [status, *[name + b": " + value for name, value in headers]]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class ApiHttpProtocol(_Protocol):
    """``otesse serve``'s HTTP protocol (``uvicorn.run(http=...)``)."""

    def send_400_response(self, msg: str) -> None:
        started = time.perf_counter()
        request_id = new_id("req")
        error = self._refusal()
        server_headers: Any = self.server_state.default_headers
        self.transport.write(refused_request_response(error, request_id, list(server_headers)))
        self.transport.close()
        log.info(
            "request",
            request_id=request_id,
            method="-",
            route="-",
            status=error.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
            account_id=None,
            mode=None,
        )

    def _refusal(self) -> ApiError:
        limit = get_settings().max_request_target_bytes
        # httptools' protocol gathers the URL in self.url as it arrives (h11's has none).
        if len(getattr(self, "url", b"") or b"") > limit:
            return uri_too_long(limit)
        return InvalidRequest(MALFORMED, code="request_malformed")
