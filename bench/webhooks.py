"""The webhook rows of `make bench`.

- create_hooked: the create scenario with one webhook endpoint enabled (every type): what
  an endpoint costs the write path, against the plain create row of the same run. Then an
  `otesse worker` numbers, fans out and delivers every event the row wrote to a local
  receiver, and the row fails unless each one arrived. The worker starts after the row's
  cells (as if it were down while they ran) because on this 2-core machine a worker
  delivering at once takes the cores the API and PostgreSQL use, and the row would then say
  how many cores the machine has, not what an endpoint costs (0.51 of create, measured so,
  docs/webhooks.md). BENCH_HOOKED_WORKER=during runs the worker during the cells instead.
- webhook_delivery: events delivered per second by one worker (in this process, the real
  Dispatcher) to a local receiver: EVENTS events queued, the clock runs until the receiver
  has answered every one.
"""

import asyncio
import contextlib
import json
import multiprocessing
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.dataset import Dataset
from bench.servers import BENCH_SECRET_KEY, BIN, ROOT, Server

EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "5000"))
# When the create_hooked row's worker runs: "after" its cells (default) or "during" them.
WORKER_WHEN = os.environ.get("BENCH_HOOKED_WORKER", "after")


class Receiver:
    """A minimal keep-alive HTTP/1.1 server answering 200 to every POST, counting them, in a
    process of its own (sharing this one's GIL would make it the bottleneck it measures)."""

    def __init__(self) -> None:
        self._count = multiprocessing.Value("q", 0)
        self._port = multiprocessing.Value("i", 0)
        self._process = multiprocessing.Process(
            target=_serve_forever, args=(self._count, self._port), daemon=True
        )

    @property
    def count(self) -> int:
        return int(self._count.value)

    def start(self) -> "Receiver":
        self._process.start()
        deadline = time.monotonic() + 10
        while self._port.value == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._process.terminate()
        self._process.join(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port.value}/bench-hooks"


def _serve_forever(count: Any, port: Any) -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                with count.get_lock():
                    count.value += 1
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=1024)
        port.value = server.sockets[0].getsockname()[1]
        await server.serve_forever()

    asyncio.run(main())


def _api(base: str, key: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def _clear_endpoints(base: str, key: str) -> None:
    for endpoint in _api(base, key, "GET", "/v1/webhook_endpoints?per_page=100")["data"]:
        _api(base, key, "DELETE", f"/v1/webhook_endpoints/{endpoint['id']}")


class Hook:
    """The endpoint of a create_hooked row: its receiver, and the worker that delivers."""

    def __init__(self, receiver: Receiver, data: Dataset, endpoint_id: str, env: dict[str, str],
                 log: Path) -> None:  # fmt: skip
        self.receiver = receiver
        self.data = data
        self.endpoint_id = endpoint_id
        self._env = env
        self._log = log
        self.worker: subprocess.Popen[bytes] | None = None

    def start_worker(self) -> None:
        if self.worker is None:
            with self._log.open("ab") as out:
                self.worker = subprocess.Popen(
                    [str(BIN / "otesse"), "worker"],
                    env=self._env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=out,
                )

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.terminate()
            self.worker.wait(timeout=30)
            self.worker = None

    def drain(self, timeout: float = 300) -> dict[str, Any]:
        """Start the worker if it is not running and wait until every event committed since
        the endpoint was made has a succeeded delivery to it; the count of those that have
        none when the wait ends."""
        if self.data.dsn is None:
            return {}  # SQLite's rows are a report only (bench/run.py)
        self.start_worker()
        started = time.monotonic()
        while True:
            left = asyncio.run(_undelivered(self.data, self.endpoint_id))
            if left == 0 or time.monotonic() - started > timeout:
                return {"undelivered": left, "drain_s": round(time.monotonic() - started, 1),
                        "delivered": self.receiver.count, "worker": WORKER_WHEN}  # fmt: skip
            time.sleep(1)


async def _undelivered(data: Dataset, endpoint_id: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(data.dsn)
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM events e JOIN webhook_endpoints w "
                "ON w.id = $1 AND e.account_id = w.account_id AND e.mode = w.mode "
                "WHERE e.created_at >= w.created_at AND NOT EXISTS (SELECT 1 FROM "
                "webhook_deliveries d WHERE d.event_id = e.id AND d.endpoint_id = w.id "
                "AND d.status = 'succeeded')",
                endpoint_id,
            )
        )
    finally:
        await connection.close()


@contextlib.contextmanager
def hooked(server: Server, data: Dataset, logdir: Path) -> Iterator[Hook]:
    """One enabled endpoint (every type) to a local receiver; its worker started by
    Hook.drain (or at once, BENCH_HOOKED_WORKER=during)."""
    receiver = Receiver().start()
    _clear_endpoints(server.base, data.key)
    endpoint = _api(server.base, data.key, "POST", "/v1/webhook_endpoints",
                    {"url": receiver.url, "enabled_events": ["*"]})  # fmt: skip
    env = {**os.environ, **server.env}
    hook = Hook(receiver, data, endpoint["id"], env, logdir / "webhook-worker.log")
    if WORKER_WHEN == "during":
        hook.start_worker()
    try:
        yield hook
    finally:
        hook.stop_worker()
        _clear_endpoints(server.base, data.key)
        receiver.stop()


def delivery_rate(server: Server, data: Dataset) -> dict[str, Any]:
    """Queue EVENTS events and time one Dispatcher delivering them all."""
    return asyncio.run(_delivery_rate(server, data))


async def _delivery_rate(server: Server, data: Dataset) -> dict[str, Any]:
    from sqlalchemy import delete, select

    from otesse.auth.keys import hash_key
    from otesse.config import Settings
    from otesse.core import events
    from otesse.core.db import Database
    from otesse.models import ApiKey, Event
    from otesse.webhooks.delivery import Dispatcher

    receiver = Receiver().start()
    _clear_endpoints(server.base, data.key)
    _api(server.base, data.key, "POST", "/v1/webhook_endpoints",
         {"url": receiver.url, "enabled_events": ["*"]})  # fmt: skip
    settings = Settings(
        database_url=data.url,
        secret_key=BENCH_SECRET_KEY,  # type: ignore[arg-type]
        webhook_allow_private_networks=True,
    )
    database = Database(data.url, pool_size=4)
    try:
        async with database.transaction() as session:
            key = await session.scalar(
                select(ApiKey).where(ApiKey.secret_hash == hash_key(data.key))
            )
            assert key is not None
            made = []
            for i in range(EVENTS):
                made.append(
                    await events.record(
                        session,
                        account_id=key.account_id,
                        mode=key.mode,
                        type="zone.updated",
                        customer_id=None,
                        resource={"id": f"bench_{i}", "name": "Bench", "zip_codes": ["97401"]},
                    )
                )
        dispatcher = Dispatcher(database, settings, worker_id="bench:delivery")
        started = time.monotonic()
        while receiver.count < EVENTS and time.monotonic() - started < 120:
            await dispatcher.run_once()
        elapsed = time.monotonic() - started
        await dispatcher.close()
        _clear_endpoints(server.base, data.key)  # its deliveries go with it
        async with database.transaction() as session:
            await session.execute(delete(Event).where(Event.id.in_(made)))
    finally:
        _clear_endpoints(server.base, data.key)
        await database.dispose()
        receiver.stop()
    delivered = receiver.count
    return {
        "status": "ok" if delivered >= EVENTS else f"{EVENTS - delivered} undelivered",
        "connections": 8,
        "rps": round(delivered / elapsed, 1),
        "p50_ms": 0.0,
        "p99_ms": 0.0,
        "requests": delivered,
        "errors": max(0, EVENTS - delivered),
        "seconds": round(elapsed, 2),
    }
