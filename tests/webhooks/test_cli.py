"""`otesse webhooks test URL` sends a signed sample a receiver verifies; `otesse events
tail` prints events as they are numbered."""

import asyncio
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from otesse.config import Settings
from otesse.core.db import Database
from tests.events_support import number_events
from tests.factories import Tenant, create_customer
from tests.support.processes import child_env
from tests.webhooks.receiver import Receiver, verify


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


def _env(settings: Settings) -> dict[str, str]:
    env = child_env()
    env.update(
        OTESSE_DATABASE_URL=settings.database_url, OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS="true"
    )
    return env


def _otesse(*args: str) -> list[str]:
    return [sys.executable, "-c", "from otesse.cli import main; main()", *args]


async def test_webhooks_test_sends_a_signed_sample(settings: Settings, receiver: Receiver) -> None:
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    done = await asyncio.to_thread(
        subprocess.run,
        _otesse("webhooks", "test", receiver.url, "--secret", secret),
        env=_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "status: 200" in done.stdout
    (got,) = receiver.received
    assert verify(secret, got)["type"] == "customer.created"


async def test_events_tail_prints_events_as_they_are_numbered(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, settings: Settings
) -> None:
    process = subprocess.Popen(
        _otesse("events", "tail", "--type", "customer.*", "--poll", "0.1"),
        env=_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        ready = await asyncio.wait_for(asyncio.to_thread(process.stderr.readline), 60)
        assert "watching" in ready
        customer = await create_customer(client, tenant)
        await number_events(database)
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 30)
    finally:
        process.terminate()
        process.wait(timeout=10)
    sequence, kind, event_id, customer_id, mode = line.strip().split("\t")
    assert (sequence, kind, customer_id, mode) == ("1", "customer.created", customer["id"], "test")
    assert event_id.startswith("evt_")
