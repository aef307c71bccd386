"""``Otesse``: the generated operations called the way a hand-written SDK would.

``otesse.call(customers_get.sync_detailed, customer_id=...)`` authenticates, sends an
``Idempotency-Key`` with every POST (one per call, kept across its retries), retries what is
safe to retry, raises an :class:`~otesse_client.errors.OtesseError` for every error answer and
returns a :class:`Reply` (the parsed resource, its ``etag``, ``location`` and headers);
``otesse.paginate(customers_list.sync_detailed, ...)`` walks every page of a list.
"""

import inspect
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import httpx

from otesse_client.errors import error_from
from otesse_client.generated.client import AuthenticatedClient
from otesse_client.generated.models import ErrorResponse, Pagination

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Item = TypeVar("Item")
# Answers worth a second try with the same request: the service was busy or down.
RETRIED_STATUSES = frozenset({429, 503})


class Page(Protocol[Item]):
    """A list answer: ``data`` and the shared ``pagination`` (every list has both)."""

    data: list[Item]
    pagination: Pagination


class Answer(Protocol[T_co]):
    """What a generated ``sync_detailed`` returns (its ``Response``), read-only: so a list
    operation's answer is seen as an answer of some ``Page[Item]`` and the items are typed."""

    @property
    def status_code(self) -> int: ...

    @property
    def content(self) -> bytes: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def parsed(self) -> T_co | None: ...


Operation = Callable[..., Answer[T | ErrorResponse]]


@dataclass(frozen=True)
class Reply(Generic[T]):
    data: T
    status_code: int
    headers: httpx.Headers

    @property
    def etag(self) -> str | None:
        """Pass it back as ``if_match=`` to update only what you read."""
        value: str | None = self.headers.get("ETag")
        return value

    @property
    def location(self) -> str | None:
        value: str | None = self.headers.get("Location")
        return value

    @property
    def request_id(self) -> str | None:
        value: str | None = self.headers.get("Request-Id")
        return value

    @property
    def replayed(self) -> bool:
        """True when the API replayed the first answer to this Idempotency-Key."""
        return bool(self.headers.get("Idempotent-Replayed") == "true")


class Otesse:
    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = "http://127.0.0.1:8000",
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        self.client = AuthenticatedClient(
            base_url=base_url, token=api_key, timeout=httpx.Timeout(timeout)
        )
        self.max_retries = max_retries

    def call(self, operation: Operation[T], /, **arguments: Any) -> Reply[T]:
        """Run one generated ``sync_detailed`` operation; raise for any error answer."""
        if "idempotency_key" in inspect.signature(operation).parameters:
            # One key per call, the same for each of its retries: a retry never acts twice.
            arguments.setdefault("idempotency_key", f"sdk-{uuid.uuid4()}")
        for attempt in range(self.max_retries + 1):
            try:
                response = operation(client=self.client, **arguments)
            except httpx.TransportError:
                if attempt == self.max_retries:
                    raise
                time.sleep(0.5 * 2**attempt)
                continue
            status = int(response.status_code)
            if status in RETRIED_STATUSES and attempt < self.max_retries:
                time.sleep(min(float(response.headers.get("Retry-After", "1")), 5.0))
                continue
            return _reply(response)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def paginate(
        self, operation: Operation[Page[Item]], /, per_page: int = 100, **arguments: Any
    ) -> Iterator[Item]:
        """Every item of a list, page after page (``per_page`` per request)."""
        page = 1
        while True:
            answer = self.call(operation, page=page, per_page=per_page, **arguments).data
            yield from answer.data
            if page >= answer.pagination.total_pages:
                return
            page += 1

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def __enter__(self) -> "Otesse":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _reply(response: Answer[T | ErrorResponse]) -> Reply[T]:
    headers = httpx.Headers(response.headers)
    status = int(response.status_code)
    parsed = response.parsed
    if status >= 300 or parsed is None or isinstance(parsed, ErrorResponse):
        raise error_from(status, response.content, headers)
    return Reply(data=parsed, status_code=status, headers=headers)

