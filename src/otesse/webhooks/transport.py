"""One signed POST to a receiver, to the address that was checked, bounded in time and size.

The connection goes to the resolved address (webhooks/urls.py checked it), while the ``Host``
header and the TLS server name (SNI, and so the certificate check) stay the URL's host: a
DNS answer that changes after the check is never used. No redirect is followed; at most
64 KiB of the answer is read; the whole exchange must end within the timeout.
"""

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int | None
    error: str | None
    duration_ms: int
    retry_after: float | None = None
    # Not worth another try whatever the schedule says (the event is gone).
    gone: bool = False

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _retry_after(value: str | None) -> float | None:
    if value is None or not value.strip().isdigit():
        return None
    return float(value.strip())


def pinned_target(url: str, address: str) -> tuple[str, str, str]:
    """(the URL with its host replaced by ``address``, the Host header, the TLS name)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    port = f":{parts.port}" if parts.port else ""
    target = urlunsplit((parts.scheme, literal + port, parts.path or "/", parts.query, ""))
    host_header = (f"[{host}]" if ":" in host else host) + port
    return target, host_header, host


async def post(
    client: httpx.AsyncClient,
    *,
    url: str,
    address: str,
    headers: dict[str, str],
    body: bytes,
    deadline_seconds: float,
) -> Answer:
    target, host_header, server_name = pinned_target(url, address)
    extensions = {"sni_hostname": server_name} if url.lower().startswith("https:") else {}
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        async with asyncio.timeout(deadline_seconds):
            async with client.stream(
                "POST",
                target,
                content=body,
                headers={**headers, "Host": host_header},
                extensions=extensions,
            ) as response:
                read = 0
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read >= MAX_ANSWER_BYTES:
                        break
                return Answer(
                    response.status_code,
                    None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}",
                    elapsed(),
                    _retry_after(response.headers.get("retry-after")),
                )
    except TimeoutError:
        return Answer(None, f"no complete answer within {deadline_seconds:g} s", elapsed())
    except httpx.HTTPError as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:300], elapsed())
    except OSError as error:
        return Answer(None, f"{type(error).__name__}"[:300], elapsed())
