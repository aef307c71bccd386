"""The outermost layer of every request, written as plain ASGI to stay cheap on hot paths.

It gives the request its id, adds the headers every response carries, refuses request targets,
headers and bodies over their limits, turns an unhandled exception into the 500 error shape,
and writes the access log line.
"""

import time
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from otesse.core.errors import (
    ApiError,
    HeadersTooLarge,
    InternalError,
    PayloadTooLarge,
    UriTooLong,
    error_body,
)
from otesse.core.events import request_context
from otesse.core.ids import new_id
from otesse.core.logging import get_logger

log = get_logger("otesse.http")

COMMON_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
]


def uri_too_long(limit: int) -> UriTooLong:
    return UriTooLong(f"The request URL is limited to {limit} bytes (path and query string).")


def error_message(error: ApiError, request_id: str) -> tuple[Message, Message]:
    body = orjson.dumps(error_body(error, request_id))
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *[(name.lower().encode(), value.encode()) for name, value in error.headers.items()],
    ]
    start = {"type": "http.response.start", "status": error.status_code, "headers": headers}
    return start, {"type": "http.response.body", "body": body}


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_target_bytes: int,
        max_header_bytes: int,
        large_bodies: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Paths whose POST carries a file (POST /v1/imports: a CSV upload) and their limit.
        self.large_bodies = large_bodies or {}
        self.max_target_bytes = max_target_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = new_id("req")
        scope.setdefault("state", {})["request_id"] = request_id
        # What the events of this request's changes name as their request: set here, where
        # every request passes (the API's routes and the customer pages alike).
        context = request_context.set((request_id, _idempotency_key(scope)))
        outcome: dict[str, Any] = {"status": 500, "started": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
                outcome["started"] = True
                rate_limit = scope["state"].get("rate_limit_headers", {}).items()
                message["headers"] = [
                    *message.get("headers", []),
                    (b"request-id", request_id.encode()),
                    *COMMON_HEADERS,
                    *[(name.lower().encode(), value.encode()) for name, value in rate_limit],
                ]
            await send(message)

        try:
            refused = self._over_a_limit(scope)
            if refused is not None:
                await self._send_error(refused, request_id, send_with_headers)
            else:
                limited = self._limited(receive, self._body_limit(scope))
                await self.app(scope, limited, send_with_headers)
        except Exception:
            log.exception("unhandled_error", request_id=request_id)
            if not outcome["started"]:
                error = InternalError(
                    f"An unexpected error occurred. Quote request id {request_id} to support."
                )
                await self._send_error(error, request_id, send_with_headers)
        finally:
            request_context.reset(context)
            state = scope.get("state", {})
            log.info(
                "request",
                request_id=request_id,
                method=scope["method"],
                route=state.get("route", "-"),
                status=outcome["status"],
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                account_id=state.get("account_id"),
                mode=state.get("mode"),
            )

    def _over_a_limit(self, scope: Scope) -> ApiError | None:
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
        if target > self.max_target_bytes:
            return uri_too_long(self.max_target_bytes)
        # Each header line as sent: name, ": ", value, CRLF.
        headers = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
        if headers > self.max_header_bytes:
            return HeadersTooLarge(
                f"Request headers are limited to {self.max_header_bytes} bytes in all."
            )
        limit = self._body_limit(scope)
        if self._declared_length(scope) > limit:
            return PayloadTooLarge(self._too_large(limit))
        return None

    def _body_limit(self, scope: Scope) -> int:
        if scope["method"] == "POST":
            return self.large_bodies.get(scope["path"], self.max_body_bytes)
        return self.max_body_bytes

    @staticmethod
    def _too_large(limit: int) -> str:
        return f"Request bodies are limited to {limit} bytes."

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    def _limited(self, receive: Receive, limit: int) -> Receive:
        """Count the body as it streams in, for clients that send no Content-Length."""
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(self._too_large(limit))
            return message

        return receive_limited

    @staticmethod
    async def _send_error(error: ApiError, request_id: str, send: Send) -> None:
        start, body = error_message(error, request_id)
        await send(start)
        await send(body)


def _idempotency_key(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"idempotency-key":
            return value.decode("latin-1").strip() or None
    return None
