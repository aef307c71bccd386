"""Every error answer of the API as an exception: the fields of its one error shape, and a
subclass per kind of status, so callers catch what they can handle."""

from typing import Any

import httpx


class OtesseError(Exception):
    """An answer of the API outside 2xx: ``{"error": {type, code, message, param,
    request_id}}``. ``param`` names the parameter at fault; quote ``request_id`` to support."""

    def __init__(
        self,
        status_code: int,
        *,
        type: str,
        code: str,
        message: str,
        param: str | None,
        request_id: str | None,
        headers: httpx.Headers,
    ) -> None:
        super().__init__(f"{status_code} {code}: {message}")
        self.status_code = status_code
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.request_id = request_id
        self.headers = headers


class InvalidRequestError(OtesseError):
    """400, 405, 413, 415: the request itself is wrong; retrying it unchanged will not help."""


class AuthenticationError(OtesseError):
    """401: no key, a malformed, unknown or revoked key."""


class NotFoundError(OtesseError):
    """404: no such resource for this account and mode."""


class ConflictError(OtesseError):
    """409: the resource's state forbids it (or an Idempotency-Key was reused)."""


class PreconditionFailedError(ConflictError):
    """412: ``If-Match`` names a tag the resource no longer has; GET it again."""


class RateLimitError(OtesseError):
    """429: slow down; ``retry_after`` seconds."""

    @property
    def retry_after(self) -> int:
        return int(self.headers.get("Retry-After", "1"))


class APIError(OtesseError):
    """5xx: the service failed or is unavailable; safe to retry with the same key."""


_BY_STATUS: dict[int, type[OtesseError]] = {
    401: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
}


def error_from(status_code: int, content: bytes, headers: httpx.Headers) -> OtesseError:
    """The exception for an error answer (its body parsed here: an answer from a proxy in
    between may not be in the API's shape)."""
    kind = _BY_STATUS.get(status_code, APIError if status_code >= 500 else InvalidRequestError)
    try:
        detail: dict[str, Any] = httpx.Response(status_code, content=content).json()["error"]
    except (ValueError, KeyError, TypeError):
        detail = {"type": "api_error", "code": "unexpected_response", "message": content[:200]}
    return kind(
        status_code,
        type=str(detail.get("type", "api_error")),
        code=str(detail.get("code", "unexpected_response")),
        message=str(detail.get("message", "")),
        param=detail.get("param"),
        request_id=detail.get("request_id") or headers.get("Request-Id"),
        headers=headers,
    )
