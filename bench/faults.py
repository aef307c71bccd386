"""Database fault drill: break PostgreSQL under load, repair it, measure.

    python bench/faults.py [--mode stopped|frozen|terminated ...] [--warmup 5] [--down 5]
                           [--tail 10] [--out bench/results/faults-{mode}.json]

On a private cluster (bench/pgcluster.py, never the shared server): migrate, create a key,
serve the API, drive a bounded asyncio load, break the database for ``--down`` seconds
(bench/faultmodes.py: stopped, frozen by SIGSTOP, or its backends terminated every 0.5 s),
repair it (each mode given, in turn, on the same cluster and server), and write each mode's
figures as JSON: requests per status, 5xx, 503s (each must carry
Retry-After), 500s (must be 0), the slowest answer (bounded by the database timeouts),
whether /v1/health said 503 while down, seconds from the repair to the first successful
request, and writes acknowledged with a 2xx but missing afterwards (must be 0). Exits 1 when a
figure breaks its promise.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from faultmodes import MODES, Fault
from pgcluster import PrivatePostgres, free_port

from otesse.config import Settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RECOVERY_PROMISE_SECONDS = 10.0
# The promise of the API's default database timeouts (docs/operations.md): no answer slower
# than a pool checkout wait plus a statement and its rollback, with two seconds to spare.
_DEFAULTS = Settings()
SLOWEST_PROMISE_SECONDS = (
    _DEFAULTS.database_checkout_timeout_seconds
    + 2 * _DEFAULTS.database_statement_timeout_seconds
    + 2.0
)


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    missing_retry_after: int = 0
    transport_errors: int = 0
    acknowledged_ids: list[str] = field(default_factory=list)
    acknowledged_emails: list[str] = field(default_factory=list)
    # (customer id, address id) of created customers; bookings acknowledged as completed.
    addressed: list[tuple[str, str]] = field(default_factory=list)
    completed_ids: list[str] = field(default_factory=list)
    health_while_down: Counter[int] = field(default_factory=Counter)
    slowest: float = 0.0
    successes: list[float] = field(default_factory=list)  # when each 2xx was sent
    paths: set[str] = field(default_factory=set)
    stopped_at: float = 0.0
    back_at: float = 0.0


def _otesse(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "otesse"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _customer_body(invite: bool = False) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:12]
    return {"first_name": "Fault", "last_name": f"Drill{tag}", "email": f"drill-{tag}@example.com",
            "send_invitation": invite, "address": {"street": "1 Drill St", "city": "Eugene",
            "state": "OR", "zip": "97401"}}  # fmt: skip


async def _book_and_complete(client: httpx.AsyncClient, tally: Tally) -> httpx.Response:
    """A booking completed at once: the customer's counters move in the same transaction,
    which `otesse stats verify` checks after the drill."""
    customer, address = tally.addressed[-1]
    body = {"customer_id": customer, "address_id": address, "service": "standard_cleaning",
            "scheduled_at": f"{datetime.now(UTC).year + 1}-01-05T09:00:00Z", "duration_minutes": 60,
            "price": 9000}  # fmt: skip
    booked = await client.post("/v1/bookings", json=body)
    if booked.status_code != 201:
        return booked
    booking = booked.json()["id"]
    completed = await client.post(f"/v1/bookings/{booking}/complete")
    if completed.is_success:
        tally.completed_ids.append(booking)
    return completed


async def _one_request(
    client: httpx.AsyncClient, paths: set[str], tally: Tally, n: int, invite: bool = False
) -> None:
    sent = time.monotonic()
    writes = "/v1/customers" in paths
    try:
        if writes and n % 4 == 2 and tally.addressed and "/v1/bookings" in paths:
            response = await _book_and_complete(client, tally)
        elif writes and n % 2 == 0:
            response = await client.post("/v1/customers", json=_customer_body(invite))
        elif writes:
            response = await client.get("/v1/customers", params={"per_page": 5})
        else:
            response = await client.get("/v1/health")
    except httpx.TransportError:
        tally.transport_errors += 1
        return
    finally:
        tally.slowest = max(tally.slowest, time.monotonic() - sent)
    tally.statuses[response.status_code] += 1
    if response.status_code == 503 and "retry-after" not in response.headers:
        tally.missing_retry_after += 1
    if response.is_success:
        tally.successes.append(sent)
        if response.request.url.path == "/v1/customers" and response.request.method == "POST":
            created = response.json()
            tally.acknowledged_ids.append(created["id"])
            tally.acknowledged_emails.append(created["email"])
            tally.addressed.append((created["id"], created["addresses"][0]["id"]))


async def _worker(client: httpx.AsyncClient, paths: set[str], tally: Tally, stop: float) -> None:
    n = 0
    while time.monotonic() < stop:
        await _one_request(client, paths, tally, n)
        n += 1
        await asyncio.sleep(0.01)


async def _watch_health(base_url: str, tally: Tally, until: asyncio.Event) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        while not until.is_set():
            try:
                tally.health_while_down[(await client.get("/v1/health")).status_code] += 1
            except httpx.TransportError:
                tally.health_while_down[0] += 1
            await asyncio.sleep(0.2)


async def _drill(base_url: str, key: str, fault: Fault, down: float, args: Any) -> Tally:
    tally = Tally()
    headers = {"Authorization": f"Bearer {key}"}
    timeout = SLOWEST_PROMISE_SECONDS + 15
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=timeout) as client:
        paths = set((await client.get("/v1/openapi.json")).json()["paths"])
        stop = time.monotonic() + args.warmup + down + args.tail + 30
        workers = [
            asyncio.create_task(_worker(client, paths, tally, stop)) for _ in range(args.workers)
        ]
        await asyncio.sleep(args.warmup)
        stopped_at = time.monotonic()
        await fault.begin()
        up = asyncio.Event()
        watcher = asyncio.create_task(_watch_health(base_url, tally, up))
        await asyncio.sleep(down)
        up.set()
        await watcher
        back_at = await fault.end()
        await asyncio.sleep(args.tail)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    tally.paths, tally.stopped_at, tally.back_at = paths, stopped_at, back_at
    return tally


def _figures(tally: Tally) -> dict[str, Any]:
    back_at = tally.back_at
    after = sorted(sent for sent in tally.successes if sent >= back_at)
    recovery = round(after[0] - back_at, 2) if after else None
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    return {
        "operations": sorted(tally.paths),
        "requests": sum(tally.statuses.values()) + tally.transport_errors,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "5xx": server_errors,
        "500": tally.statuses[500],
        "503": tally.statuses[503],
        "503_without_retry_after": tally.missing_retry_after,
        "transport_errors": tally.transport_errors,
        "health_while_down": {str(k): v for k, v in tally.health_while_down.items()},
        "slowest_seconds": round(tally.slowest, 2),
        "down_seconds": round(back_at - tally.stopped_at, 2),
        "recovery_seconds": recovery,
        "acknowledged_writes": len(tally.acknowledged_ids),
    }


async def _lost_writes(url: str, ids: list[str], completed: list[str]) -> int:
    """Acknowledged customers missing, plus bookings acknowledged completed that are not."""
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        found = await connection.fetchval(
            "SELECT count(*) FROM customers WHERE id = ANY($1::text[])", ids
        )
        done = await connection.fetchval(
            "SELECT count(*) FROM bookings WHERE id = ANY($1::text[]) AND status = 'completed'",
            completed,
        )
    finally:
        await connection.close()
    return len(ids) - int(found) + len(completed) - int(done)


def _stats_verify(env: dict[str, str]) -> str:
    """`otesse stats verify` after the drill, when the command exists (domain stream)."""
    done = subprocess.run(
        [str(BIN / "otesse"), "stats", "verify"], env=env, capture_output=True, text=True
    )
    if done.returncode == 2 and "No such command" in done.stderr:
        return "not available"
    return "clean" if done.returncode == 0 else f"failed: {done.stdout[-500:]}{done.stderr[-500:]}"


def _broken_promises(figures: dict[str, Any]) -> list[str]:
    broken = []
    if figures["5xx"] != figures["503"]:
        broken.append("a 5xx other than 503")
    if figures["503_without_retry_after"]:
        broken.append("a 503 without Retry-After")
    if figures["transport_errors"]:
        broken.append("requests without an answer")
    if figures["slowest_seconds"] > SLOWEST_PROMISE_SECONDS:
        broken.append(f"an answer slower than {SLOWEST_PROMISE_SECONDS} s")
    # Terminated backends are replaced at once: /v1/health may well stay 200 throughout.
    if figures["mode"] != "terminated" and "503" not in figures["health_while_down"]:
        broken.append("/v1/health never said 503 while the database was down")
    recovery = figures["recovery_seconds"]
    if recovery is None or recovery > RECOVERY_PROMISE_SECONDS:
        broken.append(f"no recovery within {RECOVERY_PROMISE_SECONDS} s")
    if figures["lost_writes"]:
        broken.append("acknowledged writes lost")
    if figures["stats_verify"] not in ("clean", "not available"):
        broken.append("otesse stats verify is not clean")
    return broken


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [str(BIN / "otesse"), "serve", "--port", str(port)]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def _wait_until_serving(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"{base_url}/v1/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the API did not start")


def run(args: Any) -> list[dict[str, Any]]:
    """Each of ``args.mode`` in turn, on one cluster and one server: the second outage finds
    the API as the first left it, as in production (and the setup is paid once)."""
    cluster = PrivatePostgres().create()
    workdir = Path(tempfile.mkdtemp(prefix="otesse-faults-"))
    env = {
        **os.environ,
        "OTESSE_DATABASE_URL": cluster.url,
        "OTESSE_MAIL_URL": f"file://{workdir}/mail",
        "OTESSE_LOG_LEVEL": "WARNING",
        "OTESSE_RATE_LIMIT_PER_SECOND": "1000000",
        "OTESSE_RATE_LIMIT_BURST": "1000000",
    }
    env.pop("OTESSE_REDIS_URL", None)
    server = None
    runs = []
    try:
        cluster.start()
        _otesse(env, "migrate")
        key = _otesse(env, "keys", "create", "--account", "faults")
        port = free_port()
        server = _serve(env, port, workdir / "server.log")
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_serving(base_url, server)
        downs = args.down * len(args.mode) if len(args.down) == 1 else args.down
        for mode, down in zip(args.mode, downs, strict=True):
            runs.append(_one_mode(mode, down, cluster, env, base_url, key, args))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        cluster.destroy()
    return runs


def _one_mode(
    mode: str,
    down: float,
    cluster: PrivatePostgres,
    env: dict[str, str],
    base_url: str,
    key: str,
    args: Any,
) -> dict[str, Any]:
    fault = Fault(mode, cluster)
    tally = asyncio.run(_drill(base_url, key, fault, down, args))
    figures = {"mode": mode, **_figures(tally)}
    if mode == "terminated":
        figures["backends_terminated"] = fault.terminated
    figures["completed_bookings"] = len(tally.completed_ids)
    figures["lost_writes"] = asyncio.run(
        _lost_writes(cluster.url, tally.acknowledged_ids, tally.completed_ids)
    )
    figures["stats_verify"] = _stats_verify(env)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode", choices=MODES, nargs="+", default=["stopped"], help="how it breaks, in turn"
    )
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before")
    parser.add_argument(
        "--down", type=float, nargs="+", default=[5.0], help="seconds down (one, or one a mode)"
    )
    parser.add_argument("--tail", type=float, default=10.0, help="seconds of load after")
    parser.add_argument("--workers", type=int, default=16, help="concurrent clients")
    parser.add_argument(
        "--out", default=str(ROOT / "bench/results/faults-{mode}.json"), help="one file a mode"
    )
    args = parser.parse_args()
    if len(args.down) not in (1, len(args.mode)):
        parser.error("--down takes one value, or one for each --mode")
    failed = 0
    for figures in run(args):
        out = Path(args.out.format(mode=figures["mode"]))
        failed |= write_figures(figures, _broken_promises(figures), out)
    return failed


def write_figures(figures: dict[str, Any], broken: list[str], out: Path) -> int:
    """Save and print a drill's figures with its broken promises; 1 when there are any."""
    figures["broken_promises"] = broken
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
