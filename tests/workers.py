"""Running the outbox worker in tests: fast leases and backoff, a deadline on every wait."""

import asyncio
import time
from collections.abc import Awaitable, Callable

from pydantic import SecretStr

from otesse.config import Settings
from otesse.core.db import Database
from otesse.worker import Worker

TEST_SECRET = "test-secret-key-for-invitation-tokens"
PUBLIC_URL = "https://app.otesse.test"


def fast_settings(settings: Settings, *, mail_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "mail_url": mail_url,
        "public_url": PUBLIC_URL,
        "secret_key": SecretStr(TEST_SECRET),
        "mail_timeout_seconds": 2.0,
        "outbox_lease_seconds": 5.0,
        "outbox_backoff_base_seconds": 0.05,
        "outbox_backoff_max_seconds": 0.3,
        "outbox_poll_seconds": 0.05,
        "outbox_max_attempts": 50,
        "outbox_batch_size": 10,
    }
    values.update(overrides)
    return settings.model_copy(update=values)


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def run_workers_until(
    workers: list[Worker], check: Callable[[], Awaitable[bool]], *, timeout: float = 15.0
) -> None:
    """Run the workers (their real loops) until ``check`` holds, then stop them cleanly."""
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        await eventually(check, timeout=timeout)
    finally:
        for worker in workers:
            worker.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)


def make_worker(database: Database, settings: Settings, name: str = "w1") -> Worker:
    return Worker(database, settings, worker_id=f"test:{name}")
