"""The one error shape of the API and the exceptions that produce it.

Every error a client sees is ``{"error": {"type", "code", "message", "param", "request_id"}}``
(a conflict over a unique value adds ``existing_id``);
each exception class carries its own status and type so the handlers stay a single mapping.
"""

from typing import Any


class ApiError(Exception):
    status_code: int = 400
    error_type: str = "invalid_request_error"
    default_code: str = "invalid_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
        status_code: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code
        self.message = message
        self.code = code or self.default_code
        self.param = param
        self.headers = headers or {}
        # Further members of the error object, after the five every error has (a 409's
        # `existing_id`, docs/api-conventions.md).
        self.extra = extra or {}


class InvalidRequest(ApiError):
    pass


class AuthenticationFailed(ApiError):
    """401, with the ``WWW-Authenticate`` challenge RFC 9110 requires on every 401."""

    status_code = 401
    error_type = "authentication_error"
    default_code = "invalid_api_key"

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.headers.setdefault("WWW-Authenticate", 'Bearer realm="otesse"')


class PermissionDenied(ApiError):
    status_code = 403
    error_type = "permission_error"
    default_code = "permission_denied"


class NotFound(ApiError):
    status_code = 404
    error_type = "not_found_error"
    default_code = "resource_missing"


class MethodNotAllowed(ApiError):
    status_code = 405
    default_code = "method_not_allowed"


class Conflict(ApiError):
    status_code = 409
    error_type = "conflict_error"
    default_code = "conflict"


class PreconditionFailed(ApiError):
    status_code = 412
    error_type = "conflict_error"
    default_code = "precondition_failed"


class PayloadTooLarge(ApiError):
    status_code = 413
    default_code = "payload_too_large"


class UriTooLong(ApiError):
    status_code = 414
    default_code = "uri_too_long"


class HeadersTooLarge(ApiError):
    status_code = 431
    default_code = "headers_too_large"


class UnsupportedMediaType(ApiError):
    status_code = 415
    default_code = "unsupported_media_type"


class RateLimited(ApiError):
    status_code = 429
    error_type = "rate_limit_error"
    default_code = "rate_limited"


class InternalError(ApiError):
    status_code = 500
    error_type = "api_error"
    default_code = "internal_error"


class ServiceUnavailable(ApiError):
    status_code = 503
    error_type = "api_error"
    default_code = "service_unavailable"


def error_body(error: ApiError, request_id: str | None) -> dict[str, Any]:
    return {
        "error": {
            "type": error.error_type,
            "code": error.code,
            "message": error.message,
            "param": error.param,
            "request_id": request_id,
            **error.extra,
        }
    }
