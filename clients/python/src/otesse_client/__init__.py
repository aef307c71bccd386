"""The Otesse Customers API from Python: ``Otesse`` (client.py), its errors (errors.py), and
the generated operations and models under ``otesse_client.generated``."""

from otesse_client.client import Otesse, Page, Reply
from otesse_client.errors import (
    APIError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OtesseError,
    PreconditionFailedError,
    RateLimitError,
)

__all__ = [
    "APIError",
    "AuthenticationError",
    "ConflictError",
    "InvalidRequestError",
    "NotFoundError",
    "Otesse",
    "OtesseError",
    "Page",
    "PreconditionFailedError",
    "RateLimitError",
    "Reply",
]
