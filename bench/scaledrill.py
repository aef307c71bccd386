"""The events of the scale drill (bench/scale.py), spread over the load, and what each did.

In order: SIGKILL an API process (then restart it), restart PgBouncer, SIGKILL a worker that
holds claimed deliveries (then start another), SIGTERM the other worker while it holds some
(it releases what it cannot finish), SIGTERM an API process (it drains; then restart it).
Errors the clients saw are attributed to the last event before them.
"""

import asyncio
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
from quiet import cpu_seconds
from servers import Server
from topology import Topology

# Requests that may be in flight on a process when it dies: the tracked clients and locust's
# users together stay below this; more errors after an event mean HAProxy kept routing there.
IN_FLIGHT_BOUND = 100
# OTESSE_SHUTDOWN_GRACE_SECONDS in the drill (bench/scale.py) and a few seconds to exit.
DRAIN_BOUND = 5 + 5.0


class Drill:
    def __init__(self, topology: Topology, *, short: bool, delivering: Callable[[], bool]) -> None:
        """``delivering``: whether the mail server holds a message it has not answered yet."""
        self.topology = topology
        self.delivering = delivering
        self.short = short
        self.over = asyncio.Event()
        self.events: list[dict[str, Any]] = []
        self.errors: list[tuple[float, str, int]] = []
        self._restarts: list[asyncio.Task[None]] = []
        self.steady: dict[str, Any] = {}

    def error(self, kind: str, count: int = 1) -> None:
        self.errors.append((time.monotonic(), kind, count))

    def transport(self) -> httpx.AsyncHTTPTransport:
        """A client transport that notes every answer other than 2xx, and every failure,
        with its time: what each event caused."""
        drill = self

        class Watched(httpx.AsyncHTTPTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                try:
                    response = await super().handle_async_request(request)
                except httpx.TransportError as error:
                    drill.error(type(error).__name__)
                    raise
                if response.status_code >= 300:
                    # The API's 503 carries Retry-After; HAProxy's own does not.
                    by = "api" if "retry-after" in response.headers else "haproxy"
                    drill.error(f"{response.status_code} ({by})")
                return response

        return Watched()

    def _event(self, name: str, began: float, **facts: Any) -> dict[str, Any]:
        event = {"event": name, "at": began, **facts}
        self.events.append(event)
        return event

    def _restart(self, process: Server) -> None:
        restart = asyncio.to_thread(process.start, self.topology.workdir)
        self._restarts.append(asyncio.create_task(restart))

    async def run(self, duration: float) -> None:
        steps = [self.kill_api, self.restart_pgbouncer, self.kill_worker, self.drain_worker,
                 self.drain_api]  # fmt: skip
        gap = duration / (len(steps) + 1)
        began = time.monotonic()
        if gap >= 6:
            # The load's ramp-up, then the steady state until the first event, all up.
            await asyncio.sleep(2.0)
            self.steady = await self._measure_steady(gap - 2.5)
        for n, step in enumerate(steps, start=1):
            await asyncio.sleep(max(0.0, began + n * gap - time.monotonic()))
            await step()
        await asyncio.sleep(max(0.0, began + duration - time.monotonic()))
        self.over.set()
        await asyncio.gather(*self._restarts)
        await asyncio.to_thread(self.topology.wait_routed, len(self.topology.apis))

    async def _roles(self) -> dict[str, list[int]]:
        topology = self.topology
        connection = await asyncpg.connect(topology.direct_url.replace("+asyncpg", ""))
        try:
            backends = await connection.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                topology.database,
            )
        finally:
            await connection.close()
        assert topology.pgbouncer is not None and topology.haproxy is not None
        return {
            "api": [pid for api in topology.apis for pid in api.pids()],
            "worker": [pid for worker in topology.workers for pid in worker.pids()],
            "pgbouncer": topology.pgbouncer.pids(),
            "haproxy": topology.haproxy.pids(),
            "postgresql": [int(row[0]) for row in backends],
        }

    async def _measure_steady(self, seconds: float) -> dict[str, Any]:
        """CPU per role (in cores) and requests per second through HAProxy, over ``seconds``
        of load with every process up: what docs/scaling.md sizes processes by."""
        roles = await self._roles()
        cpu = {role: cpu_seconds(pids) for role, pids in roles.items()}
        served = await asyncio.to_thread(self.topology.requests_served)
        began = time.monotonic()
        await asyncio.sleep(seconds)
        roles = await self._roles()  # backends come and go: those alive at the end
        elapsed = time.monotonic() - began
        rps = (await asyncio.to_thread(self.topology.requests_served) - served) / elapsed
        cores = {role: round((cpu_seconds(pids) - cpu[role]) / elapsed, 3)
                 for role, pids in roles.items()}  # fmt: skip
        return {"seconds": round(elapsed, 1), "requests_per_second": round(rps, 1),
                "cores": cores, "machine_cores": os.cpu_count(),
                "requests_per_api_core": round(rps / cores["api"], 1) if cores["api"] else None,
                "load_average_1m": os.getloadavg()[0]}  # fmt: skip

    async def kill_api(self) -> None:
        api = self.topology.apis[1]
        began = time.monotonic()
        await asyncio.to_thread(self.topology.kill, api)
        self._event("sigkill_api", began, process=api.name)
        await asyncio.sleep(1.0)  # a second without it, then a fresh one on its port
        self._restart(api)

    async def restart_pgbouncer(self) -> None:
        began = time.monotonic()
        seconds = await asyncio.to_thread(self.topology.restart_pgbouncer)
        self._event("restart_pgbouncer", began, not_accepting_seconds=round(seconds, 2))

    async def _holding(self, worker: Server, within: float = 5.0) -> list[str]:
        """Outbox rows the worker has claimed and not finished, waited for until the mail
        server holds one of them unanswered (the worker is then mid-delivery)."""
        assert worker.process is not None
        connection = await asyncpg.connect(self.topology.direct_url.replace("+asyncpg", ""))
        try:
            deadline = time.monotonic() + within
            while time.monotonic() < deadline:
                held = await connection.fetch(
                    "SELECT o.id, c.email FROM outbox_messages o JOIN customers c "
                    "ON c.id = o.payload::json->>'customer_id' "
                    "WHERE o.status = 'sending' AND o.claimed_by LIKE $1",
                    f"%:{worker.process.pid}:%",
                )
                # One of its own messages is held by the server unanswered: its batch (sent
                # together) is mid-delivery, none acknowledged yet.
                if held and self.delivering({row[1].lower() for row in held}):
                    return [row[0] for row in held]
                await asyncio.sleep(0.02)
            return []
        finally:
            await connection.close()

    async def kill_worker(self) -> None:
        worker = self.topology.workers[0]
        held = await self._holding(worker)
        began = time.monotonic()
        await asyncio.to_thread(self.topology.kill, worker)
        self._event("sigkill_worker_mid_delivery", began, process=worker.name, claimed=len(held),
                    broken=None if held else "it held no delivery when killed")  # fmt: skip
        worker.launch(self.topology.workdir)

    async def drain_worker(self) -> None:
        worker = self.topology.workers[1]
        held = await self._holding(worker)
        began = time.monotonic()
        assert worker.process is not None
        os.kill(worker.process.pid, signal.SIGTERM)
        code = await asyncio.to_thread(worker.process.wait, 30)
        seconds = time.monotonic() - began
        outcome = await self._outcome(held, worker.process.pid)
        self._event("sigterm_worker_mid_delivery", began, process=worker.name, claimed=len(held),
                    exit_code=code, exit_seconds=round(seconds, 2), **outcome,
                    broken=None if code == 0 and not outcome["still_claimed"]
                    else "it did not drain")  # fmt: skip
        worker.launch(self.topology.workdir)

    async def _outcome(self, ids: list[str], worker_pid: int) -> dict[str, int]:
        """What became of the rows the stopped worker held: sent, handed back (pending, or
        taken already by another worker) or still claimed by it."""
        connection = await asyncpg.connect(self.topology.direct_url.replace("+asyncpg", ""))
        try:
            rows = await connection.fetch(
                "SELECT status, coalesce(claimed_by LIKE $2, false) FROM outbox_messages "
                "WHERE id = ANY($1::text[])",
                ids,
                f"%:{worker_pid}:%",
            )
        finally:
            await connection.close()
        held = sum(1 for row in rows if row[0] == "sending" and row[1])
        return {"finished": sum(1 for row in rows if row[0] == "sent"),
                "released": sum(1 for row in rows if row[0] != "sent" and not row[1]),
                "still_claimed": held}  # fmt: skip

    async def drain_api(self) -> None:
        api = self.topology.apis[2]
        assert api.process is not None
        began = time.monotonic()
        os.kill(api.process.pid, signal.SIGTERM)
        code = await asyncio.to_thread(api.process.wait, 30)
        seconds = time.monotonic() - began
        # uvicorn re-raises the SIGTERM once it has drained: -15 is its clean exit.
        self._event("sigterm_api", began, process=api.name, exit_code=code,
                    exit_seconds=round(seconds, 2),
                    broken=None if code in (0, -signal.SIGTERM) and seconds < DRAIN_BOUND
                    else "it did not drain within its grace")  # fmt: skip
        self._restart(api)

    def report(self) -> list[dict[str, Any]]:
        """Each event with the errors seen after it (until the next), times from the start."""
        start = self.events[0]["at"] if self.events else time.monotonic()
        marks = [event["at"] for event in self.events] + [float("inf")]
        before: Counter[str] = Counter()
        after: list[Counter[str]] = [Counter() for _ in self.events]
        for moment, kind, count in self.errors:
            index = next(n for n, mark in enumerate(marks) if moment < mark) - 1
            (before if index < 0 else after[index])[kind] += count
        report = [{"event": "load before any event", "errors": dict(before)}]
        for event, errors in zip(self.events, after, strict=True):
            entry = {**event, "at": round(event["at"] - start, 2), "errors": dict(errors)}
            if sum(errors.values()) > IN_FLIGHT_BOUND and not entry.get("broken"):
                entry["broken"] = f"more errors than requests in flight ({IN_FLIGHT_BOUND})"
            report.append({k: v for k, v in entry.items() if v is not None})
        return report
