"""Rate limits per API key: a token bucket, in process memory or shared through Redis.

Each key may spend ``burst`` requests at once and earns ``rate`` requests per second back.
With ``OTESSE_REDIS_URL`` set, every API process spends from one bucket per key: one Lua
script reads, refills and spends atomically, using Redis's clock so processes on machines
whose clocks differ still agree.

If Redis stops answering, the limiter falls back to the in-process bucket (each process then
limits on its own, so the effective budget is N times larger) and logs a warning at most
once per ``REDIS_RETRY_SECONDS``; it tries Redis again after that pause. Refusing every
request because the rate limiter is sick would turn a Redis outage into an API outage.
"""

import math
import time
from dataclasses import dataclass
from typing import Any, Protocol

from otesse.core.logging import get_logger

log = get_logger("otesse.ratelimit")

REDIS_TIMEOUT_SECONDS = 0.25
REDIS_RETRY_SECONDS = 5.0

# KEYS[1] bucket; ARGV rate per second, burst. Returns {allowed (0|1), tokens left as text}.
BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    retry_after_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }


class RateLimiter(Protocol):
    async def spend(self, key: str) -> Decision: ...

    async def reachable(self) -> bool | None:
        """Whether the shared store answers (None: there is none, the limits are local)."""
        ...

    async def close(self) -> None: ...


def decide(allowed: bool, tokens: float, *, rate: float, burst: int) -> Decision:
    """Turn a bucket's state after the spend into the numbers the headers carry."""
    return Decision(
        allowed=allowed,
        limit=burst,
        remaining=max(0, math.floor(tokens)),
        # Seconds until the bucket is full again.
        reset_seconds=math.ceil(max(0.0, burst - tokens) / rate),
        # Seconds until one whole token is back (at least 1: Retry-After is whole seconds).
        retry_after_seconds=max(1, math.ceil(max(0.0, 1 - tokens) / rate)),
    )


class MemoryRateLimiter:
    """One bucket per key in this process; refilled lazily when the key is next seen."""

    def __init__(self, *, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}

    async def spend(self, key: str) -> Decision:
        # No await between read and write: the event loop makes this atomic per process.
        now = time.monotonic()
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        self._buckets[key] = (tokens, now)
        return decide(allowed, tokens, rate=self.rate, burst=self.burst)

    async def reachable(self) -> bool | None:
        return None

    async def close(self) -> None:
        self._buckets.clear()


class RedisRateLimiter:
    """One bucket per key in Redis, shared by every process that uses the same prefix."""

    def __init__(
        self,
        url: str,
        *,
        rate: float,
        burst: int,
        prefix: str,
        timeout_seconds: float = REDIS_TIMEOUT_SECONDS,
    ) -> None:
        from redis.asyncio import Redis  # imported only when Redis is configured

        self.rate, self.burst, self.prefix = rate, burst, prefix
        self._redis: Any = Redis.from_url(
            url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
        )
        self._script = self._redis.register_script(BUCKET_SCRIPT)
        self._fallback = MemoryRateLimiter(rate=rate, burst=burst)
        self._down_until = 0.0

    async def spend(self, key: str) -> Decision:
        if time.monotonic() < self._down_until:
            return await self._fallback.spend(key)
        try:
            allowed, tokens = await self._script(
                keys=[self.prefix + key], args=[self.rate, self.burst]
            )
        except Exception as error:  # any Redis failure: connection, timeout, script error
            self._down_until = time.monotonic() + REDIS_RETRY_SECONDS
            log.warning(
                "rate_limit_redis_unavailable",
                error=type(error).__name__,
                fallback="in-process",
                retry_in_seconds=REDIS_RETRY_SECONDS,
            )
            return await self._fallback.spend(key)
        return decide(bool(allowed), float(tokens), rate=self.rate, burst=self.burst)

    async def reachable(self) -> bool | None:
        try:
            return bool(await self._redis.ping())
        except Exception:  # any Redis failure: the limits are in-process until it is back
            return False

    async def close(self) -> None:
        await self._redis.aclose()


def build_rate_limiter(
    *, rate: float, burst: int, redis_url: str | None, prefix: str
) -> RateLimiter:
    if redis_url:
        return RedisRateLimiter(redis_url, rate=rate, burst=burst, prefix=prefix)
    return MemoryRateLimiter(rate=rate, burst=burst)
