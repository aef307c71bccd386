"""`make scale`: the production topology on this machine, under load, through its failures.

    python bench/scale.py [--duration 60] [--users 40] [--clients 8] [--short]
                          [--out bench/results/scale.json]

HAProxy (deploy/haproxy.cfg) in front of 3 `otesse serve` processes, 2 `otesse worker`
processes, PgBouncer in transaction mode (deploy/pgbouncer.ini) between all of them and
PostgreSQL, the machine's Redis for the shared rate limits (bench/topology.py). Through
HAProxy it drives `make load`'s mix (locust, bench/load/locustfile.py; not with --short) and
the fault drill's tracked clients (bench/faults.py: every acknowledged write is checked
afterwards; here each customer also asks for an invitation, sent to a slow SMTP server,
bench/smtpsink.py). Meanwhile: one API process is SIGKILLed and restarted, PgBouncer is
restarted, a worker is SIGKILLed while it holds claimed deliveries, another worker and an API
process are stopped with SIGTERM (the draining shutdown). Figures: requests, errors by
class and by the event they followed, lost acknowledged writes (must be 0), invitations per
customer (exactly 1), `otesse stats verify`, the rate limit shared across the processes.
Exits 1 when a promise is broken. --short (`make test`) is the same without locust, in
about 30 s.
"""

import argparse
import asyncio
import itertools
import os
import re
import secrets
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import load
from faults import Tally, _lost_writes, _one_request, _otesse, _stats_verify, write_figures
from scaledrill import Drill
from smtpsink import SmtpSink
from topology import Topology

from otesse.core.db import normalise_database_url

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("OTESSE_TEST_POSTGRES_ADMIN_URL") or load.ADMIN_URL
REDIS_URL = os.environ.get("OTESSE_SCALE_REDIS_URL", "redis://127.0.0.1:6379/0")
# Never refilled (0.001/s) and never exhausted (a billion): each answer's RateLimit-Remaining
# then counts the key's requests, which shows whether the three processes share one bucket.
BURST = 1_000_000_000


def _environment(workdir: Path, mail_url: str, prefix: str) -> dict[str, str]:
    env = {**os.environ, "OTESSE_MAIL_URL": mail_url, "OTESSE_LOG_LEVEL": "WARNING",
           "OTESSE_REDIS_URL": REDIS_URL, "OTESSE_RATE_LIMIT_REDIS_PREFIX": prefix,
           "OTESSE_RATE_LIMIT_PER_SECOND": "0.001", "OTESSE_RATE_LIMIT_BURST": str(BURST),
           "OTESSE_SECRET_KEY": secrets.token_hex(32), "OTESSE_SECRET_KEY_FILE": "",
           "OTESSE_DATABASE_POOL_SIZE": "10", "OTESSE_OUTBOX_POLL_SECONDS": "0.5",
           # A killed worker's claims come back after the lease: short here, and past the
           # mail timeout as the setting asks (config.py).
           "OTESSE_MAIL_TIMEOUT_SECONDS": "3", "OTESSE_OUTBOX_LEASE_SECONDS": "5",
           "OTESSE_SHUTDOWN_GRACE_SECONDS": "5"}  # fmt: skip
    env.pop("OTESSE_DATABASE_POOLER", None)
    return env


async def _tracked(base: str, key: str, drill: Drill, clients: int) -> Tally:
    """The fault drill's clients: creates (with an invitation), bookings completed, lists."""
    tally = Tally()
    headers = {"Authorization": f"Bearer {key}"}
    transport = drill.transport()
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=40, transport=transport
    ) as client:
        paths = set((await client.get("/v1/openapi.json")).json()["paths"])

        async def one_client() -> None:
            n = 0
            while not drill.over.is_set():
                await _one_request(client, paths, tally, n, invite=True)
                n += 1
                await asyncio.sleep(0.02)

        await asyncio.gather(*(one_client() for _ in range(clients)))
    tally.paths = paths
    return tally


async def _outbox_settled(url: str, within: float) -> dict[str, int]:
    """Wait until no invitation is pending or being sent; the outbox's statuses."""
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        deadline = time.monotonic() + within
        while True:
            rows = await connection.fetch("SELECT status, count(*) FROM outbox_messages GROUP BY 1")
            statuses = {row[0]: int(row[1]) for row in rows}
            if not (statuses.get("pending") or statuses.get("sending")):
                return statuses
            if time.monotonic() > deadline:
                return statuses
            await asyncio.sleep(0.5)
    finally:
        await connection.close()


def _invitations(sink: SmtpSink, emails: list[str]) -> dict[str, Any]:
    """Per acknowledged customer: distinct invitations received, and deliveries in all."""
    distinct = Counter(len(sink.handler.delivered.get(email, {})) for email in emails)
    deliveries = Counter(
        sum(sink.handler.delivered.get(email, Counter()).values()) for email in emails
    )
    return {"customers": len(emails),
            "distinct_per_customer": {str(k): v for k, v in sorted(distinct.items())},
            "deliveries_per_customer": {str(k): v for k, v in sorted(deliveries.items())},
            "sends_cut_by_a_dying_worker": sink.handler.dropped}  # fmt: skip


def _rate_limit_shared(base: str, key: str) -> dict[str, Any]:
    """A fresh key, 30 requests round-robin across the processes: one bucket when each
    answer's RateLimit-Remaining is one below the one before, whoever answered."""
    answers = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as client:
        for _ in range(30):
            response = client.get("/v1/customers", params={"per_page": 1})
            answers.append((response.headers.get("x-otesse-process"),
                            int(response.headers.get("ratelimit-remaining", -1))))  # fmt: skip
    remaining = [left for _, left in answers]
    steps = {a - b for a, b in itertools.pairwise(remaining)}
    return {"requests": len(answers), "processes": sorted({str(p) for p, _ in answers}),
            "remaining_first": remaining[0], "remaining_last": remaining[-1],
            "one_bucket": steps == {1} and remaining[0] == BURST - 1}  # fmt: skip


def _locust_figures(prefix: Path, five_xx: Path) -> dict[str, Any]:
    figures = load._figures(prefix, five_xx)
    errors: Counter[str] = Counter()
    failures = prefix.parent / f"{prefix.name}_failures.csv"
    for row in load.csv.DictReader(failures.open()) if failures.exists() else []:
        status = re.search(r"\b([1-5]\d\d)\b", row["Error"])
        cls = status.group(1) if status else row["Error"].split("(")[0]
        errors[cls] += int(row["Occurrences"])
    figures["errors"] = dict(errors)
    return figures


async def _drive(topology: Topology, key: str, args: Any, sink: SmtpSink) -> dict[str, Any]:
    drill = Drill(
        topology, short=args.short, delivering=lambda to: bool(to & sink.handler.unanswered)
    )
    locust = None
    if not args.short:
        prefix, five_xx = topology.workdir / "locust", topology.workdir / "5xx.json"
        env = {**topology.env, "OTESSE_LOAD_KEY": key, "OTESSE_LOAD_5XX_FILE": str(five_xx)}
        locust_args = argparse.Namespace(users=args.users, duration=f"{round(args.duration)}s")
        locust = asyncio.create_task(
            asyncio.to_thread(load._locust, topology.base, locust_args, env, prefix)
        )
    tracked = asyncio.create_task(_tracked(topology.base, key, drill, args.clients))
    await drill.run(args.duration)
    tally = await tracked
    figures: dict[str, Any] = {}
    if locust is not None:
        await locust
        figures["locust"] = _locust_figures(prefix, five_xx)
    settled = await _outbox_settled(topology.direct_url, within=40)
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    figures["tracked"] = {
        "requests": sum(tally.statuses.values()) + tally.transport_errors,
        "statuses": {str(s): n for s, n in sorted(tally.statuses.items())},
        "5xx": server_errors, "transport_errors": tally.transport_errors,
        "acknowledged_customers": len(tally.acknowledged_ids),
        "completed_bookings": len(tally.completed_ids),
    }  # fmt: skip
    figures["steady"] = drill.steady
    figures["events"] = drill.report()
    figures["lost_writes"] = await _lost_writes(
        topology.direct_url, tally.acknowledged_ids, tally.completed_ids
    )
    figures["outbox"] = settled
    figures["invitations"] = _invitations(sink, tally.acknowledged_emails)
    return figures


def run(args: Any) -> dict[str, Any]:
    name = f"otesse_scale_{uuid.uuid4().hex[:10]}"
    load.ADMIN_URL = ADMIN_URL
    load._admin(f'CREATE DATABASE "{name}"')
    workdir = Path(tempfile.mkdtemp(prefix="otesse-scale-"))
    workdir.chmod(0o755)
    server = ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
    host, port = server.rsplit(":", 1) if ":" in server else (server, "5432")
    prefix = f"otesse:scale:{name}:"
    with SmtpSink(load.free_port(), delay=0.3) as sink:
        env = _environment(workdir, sink.url, prefix)
        # A worker's grace is shorter than one delivery (the sink's delay): the SIGTERM drill
        # then sees it release what it holds rather than finish it.
        topology = Topology(name, workdir, env, pg_host=host, pg_port=int(port),
                            worker_env={"OTESSE_SHUTDOWN_GRACE_SECONDS": "0.1"})  # fmt: skip
        direct = {**env, "OTESSE_DATABASE_URL": normalise_database_url(topology.direct_url)}
        try:
            _otesse(direct, "migrate")
            key = _otesse(direct, "keys", "create", "--account", "scale")
            started = time.monotonic()
            topology.start()
            figures: dict[str, Any] = {"startup_seconds": round(time.monotonic() - started, 1)}
            figures.update(asyncio.run(_drive(topology, key, args, sink)))
            second = _otesse(direct, "keys", "create", "--account", "scale-limit")
            figures["rate_limit"] = _rate_limit_shared(topology.base, second)
            figures["stats_verify"] = _stats_verify(direct)
        finally:
            topology.stop()
            load._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _forget_buckets(prefix)
    figures["logs"] = str(workdir)
    return figures


def _forget_buckets(prefix: str) -> None:
    """The drill's rate-limit buckets leave the machine's Redis with it."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        for bucket in client.scan_iter(match=prefix + "*"):
            client.delete(bucket)
    finally:
        client.close()


def _broken_promises(figures: dict[str, Any]) -> list[str]:
    broken = []
    if figures["lost_writes"]:
        broken.append("acknowledged writes lost")
    invitations = figures["invitations"]
    exactly_one = {"1": invitations["customers"]}
    if invitations["distinct_per_customer"] != exactly_one:
        broken.append("a customer without exactly one invitation")
    # At least once, by design: a message the server acknowledged an instant before its
    # worker was SIGKILLed cannot be recorded, and is sent again (same Message-ID). Only the
    # killed worker's claims may come twice; the drained one cut its sends before releasing.
    twice = sum(n for k, n in invitations["deliveries_per_customer"].items() if int(k) > 1)
    killed = next(e for e in figures["events"] if e["event"] == "sigkill_worker_mid_delivery")
    invitations["delivered_again_after_the_sigkill"] = twice
    if twice > killed.get("claimed", 0):
        broken.append("invitations delivered twice beyond what the killed worker held")
    if figures["stats_verify"] != "clean":
        broken.append("otesse stats verify is not clean")
    if not figures["rate_limit"]["one_bucket"] or len(figures["rate_limit"]["processes"]) < 3:
        broken.append("the rate limit is not shared across the processes")
    if any(status in figures["outbox"] for status in ("pending", "sending", "dead")):
        broken.append("invitations left unsent")
    for event in figures["events"]:
        if event.get("broken"):
            broken.append(f"{event['event']}: {event['broken']}")
    return broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--users", type=int, default=40, help="locust users (make load's mix)")
    parser.add_argument("--clients", type=int, default=8, help="tracked clients")
    parser.add_argument("--short", action="store_true", help="no locust, ~30 s (make test)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/scale.json")
    args = parser.parse_args()
    if args.short:
        args.duration = min(args.duration, 12.0)
    figures = run(args)
    return write_figures(figures, _broken_promises(figures), args.out)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the topology on the way out
    sys.exit(main())
