"""A very short-lived memory of authenticated keys, per API process.

Looking the key up costs a database round trip on every request; for the hot reads that is
as much as the answer itself. A key seen less than ``ttl_seconds`` ago is trusted again
without asking. The price is the revocation bound: a revoked key keeps working in a process
that saw it for at most ``ttl_seconds`` (1 s by default, ``OTESSE_AUTH_CACHE_SECONDS``;
0 turns the memory off). Only the SHA-256 of a key is held, never the key.
"""

import time
from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class KeyCache(Generic[Value]):
    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[str, tuple[float, Value]] = {}

    def get(self, secret_hash: str) -> Value | None:
        entry = self._entries.get(secret_hash)
        if entry is None:
            return None
        expires, value = entry
        if self.clock() >= expires:
            del self._entries[secret_hash]
            return None
        return value

    def put(self, secret_hash: str, value: Value) -> None:
        if self.ttl_seconds <= 0:
            return
        if len(self._entries) >= self.max_entries:
            # Many distinct keys within one second: forget them all rather than track age.
            self._entries.clear()
        self._entries[secret_hash] = (self.clock() + self.ttl_seconds, value)
