"""The delivery drill: a receiver that is down for a while, then answers 500 at random and
slowly at times, and a worker killed with SIGKILL in the middle of a delivery. Every
committed event arrives at least once, every duplicate carries the same webhook-id and body,
and every signature verifies with standardwebhooks on the receiving side.

Short here (``DRILL_EVENTS``, default 40); ``DRILL_EVENTS=2000`` makes it the long one."""

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import httpx
import orjson

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant
from tests.support.processes import child_env
from tests.webhooks.receiver import Receiver, verify
from tests.webhooks.support import fast, make_endpoint, rounds_until
from tests.workers import eventually

EVENTS = int(os.environ.get("DRILL_EVENTS", "40"))


def _worker(settings: Settings, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = child_env()
    assert settings.secret_key is not None
    env.update(
        OTESSE_DATABASE_URL=settings.database_url,
        OTESSE_SECRET_KEY=settings.secret_key.get_secret_value(),
        OTESSE_MAIL_URL=f"file://{tmp_path}",
        OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS="true",
        OTESSE_WEBHOOK_RETRY_SECONDS="[0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.5]",
        OTESSE_WEBHOOK_TIMEOUT_SECONDS="3",
        OTESSE_WEBHOOK_LEASE_SECONDS="4",
        OTESSE_EVENT_POLL_SECONDS="0.05",
    )
    return subprocess.Popen(
        [sys.executable, "-c", "from otesse.cli import main; main()", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_every_committed_event_arrives_through_outages_and_a_killed_worker(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    tmp_path: Path,
) -> None:
    receiver = Receiver().start()
    receiver.stop()  # down: the port is known, nothing listens
    endpoint = await make_endpoint(client, tenant, receiver.url)
    for i in range(EVENTS):
        response = await client.post(
            "/v1/customers",
            json={
                "first_name": "D",
                "last_name": "R",
                "email": f"drill{i}@example.com",
                "send_invitation": False,
            },
            headers=tenant.headers,
        )
        assert response.status_code == 201
    committed = await client.get("/v1/events", headers=tenant.headers)
    assert committed.json()["data"] == []  # not numbered before a worker runs

    chance = random.Random(16)
    slow_started = threading.Event()

    def plan(number: int) -> tuple[int, float, dict[str, str]]:
        if number == EVENTS // 3:
            slow_started.set()
            return 200, 2.0, {}  # the worker is killed while this one is in flight
        if number % 11 == 5:
            return 200, 0.5, {}
        return (500 if chance.random() < 0.3 else 200), 0.0, {}

    receiver.plan = plan
    process = _worker(settings, tmp_path)
    try:
        await asyncio.sleep(1.0)  # the worker meets a receiver that is down
        receiver.start()
        await eventually(lambda: asyncio.to_thread(slow_started.wait, 0.1), timeout=30)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)

    try:
        await rounds_until(
            database,
            fast(settings),
            lambda: len(receiver.succeeded_ids()) >= EVENTS,
            timeout=60,
        )
    finally:
        receiver.stop()

    async def all_numbered() -> bool:
        found = await client.get("/v1/events", headers=tenant.headers)
        return bool(found.json()["pagination"]["total"] == EVENTS)

    await eventually(all_numbered)
    ids = set()
    page = 1
    while True:
        listed = await client.get(
            "/v1/events", params={"per_page": 100, "page": page}, headers=tenant.headers
        )
        ids |= {event["id"] for event in listed.json()["data"]}
        if not listed.json()["has_more"]:
            break
        page += 1
    assert len(ids) == EVENTS
    assert receiver.succeeded_ids() == ids  # 0 lost
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for received in receiver.received:
        verify(endpoint["secret"], received)
        bodies[received.headers["webhook-id"]].add(received.body)
        assert orjson.loads(received.body)["id"] == received.headers["webhook-id"]
    assert all(len(kinds) == 1 for kinds in bodies.values())  # duplicates are the same
    assert len(receiver.received) > EVENTS  # there were retries and duplicates
