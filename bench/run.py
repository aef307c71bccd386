"""`make bench`: both sides, every scenario, at 8 and 32 connections, in one run.

The real-traffic scenarios send paths drawn from the seeded data (bench/paths.py). The run
starts with no search term registered; search scenarios report their first BENCH_COLD seconds
(cold) apart from the steady state. Within a cell the two sides alternate, BENCH_ROUNDS times,
and the median is reported (docs/performance.md, "How to reproduce").

    BENCH_DATABASE     postgresql (default) or sqlite (report only, no baseline)
    BENCH_CUSTOMERS    dataset scale (default 1000000 on PostgreSQL, 100000 on SQLite)
    BENCH_DURATION     seconds per measurement (default 10)
    BENCH_WARMUP       seconds of warm-up per scenario and side (default 2)
    BENCH_COLD         seconds of the cold measurement of search scenarios (default 10; 0: none)
    BENCH_ROUNDS       rounds per cell, the sides alternating in each (default 3; the median)
    BENCH_SEED         seed of the path sets drawn from the data (default 12)
    BENCH_PG_DATABASE  the PostgreSQL database of the dataset (default otesse_bench)
    BENCH_CHECK_TOTALS paths per list scenario whose totals both sides must agree on (10)
    BENCH_WRITER       connections creating customers during our side's read cells
                       (default 1 on SQLite, 0 on PostgreSQL)
    BENCH_CONNECTIONS  comma-separated (default 8,32)
    BENCH_SCENARIOS    comma-separated names to run (default all; `moving` is the export and
                       import rows of bench/moving.py)
    BENCH_IMPORT_ROWS  rows of the import row (default 100000)
    BENCH_SIDES        comma-separated: otesse,baseline (default both)
    BENCH_PGBOUNCER    scenarios also measured through PgBouncer beside direct
                       (bench/pooling.py; empty: none)

Prints the table and writes bench/results/<UTC timestamp>.json.
"""

import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import dataset, moving, paths, pooling, quiet, report, servers, warm, webhooks
from bench.scenarios import BY_NAME, SCENARIOS, Scenario, finish, probe, start, total

HERE = Path(__file__).resolve().parent
# Connections of a writer creating customers while each read cell of our side runs: the
# SQLite target holds for reads while a writer creates (issue 12, item 5).
WRITER = int(
    os.environ.get(
        "BENCH_WRITER", "1" if os.environ.get("BENCH_DATABASE", "postgresql") == "sqlite" else "0"
    )
)


def _ensure_wrk() -> None:
    if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode == 0:
        return
    print("installing wrk (Debian package)")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def _config() -> dict[str, Any]:
    database = os.environ.get("BENCH_DATABASE", "postgresql")
    default_scale = "1000000" if database == "postgresql" else "100000"
    wanted = os.environ.get("BENCH_SCENARIOS")
    return {
        "database": database,
        "customers": int(os.environ.get("BENCH_CUSTOMERS", default_scale)),
        "duration": int(os.environ.get("BENCH_DURATION", "10")),
        "warmup": int(os.environ.get("BENCH_WARMUP", "2")),
        "cold": int(os.environ.get("BENCH_COLD", "10")),
        "rounds": max(1, int(os.environ.get("BENCH_ROUNDS", "3"))),
        "connections": [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8,32").split(",")],
        "scenarios": [
            name
            for name in [*(s.name for s in SCENARIOS), "moving"]
            if not wanted or name in wanted.split(",")
        ],
        "sides": os.environ.get("BENCH_SIDES", "otesse,baseline").split(","),
        "seed": int(os.environ.get("BENCH_SEED", "12")),
        "writer_connections": WRITER,
        "check_totals": int(os.environ.get("BENCH_CHECK_TOTALS", "10")),
    }


def _machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def _settle(sides: list[servers.Server], data: dataset.Dataset) -> float:
    """Wait until the previous cell's backlog, on either side, has drained (bench/quiet.py)."""
    return quiet.wait_until_idle([pid for side in sides for pid in side.pids()], data.dsn)


def _median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def _one(
    server: servers.Server,
    scenario: Scenario,
    data: dataset.Dataset,
    paths_file: Path | None,
    connections: int,
    seconds: int,
    token: str,
) -> dict[str, Any]:
    """One wrk run against one side, with the peak RSS of each of the side's processes; on our
    side, while BENCH_WRITER connections create customers when that is set."""
    writer = None
    with servers.MemoryWatch(server) as memory:
        if WRITER and server.name == "otesse" and scenario.kind != "create":
            writer = start(
                server.base,
                BY_NAME["create"],
                key=data.key,
                paths_file=None,
                connections=WRITER,
                seconds=seconds,
                run_token=token + "writer",
            )
        result = finish(
            start(
                server.base,
                scenario,
                key=data.key,
                paths_file=paths_file,
                connections=connections,
                seconds=seconds,
                run_token=token,
            )
        )
        written = finish(writer) if writer is not None else None
    # wrk counts a status >= 400 in errors_status too; the rest are socket errors (timeouts).
    socket_errors = sum(
        v for k, v in result.items() if k.startswith("errors_") and k != "errors_status"
    )
    if written is not None:
        # The writer's failures are this cell's: the reads must not make it fail either.
        for key in ("status_4xx", "status_5xx"):
            result[key] += written[key]
        socket_errors += sum(
            v for k, v in written.items() if k.startswith("errors_") and k != "errors_status"
        )
    return {
        "writer_rps": round(written["rps"], 1) if written else None,
        "rps": round(result["rps"], 1),
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "max_ms": result["max_us"] / 1000,
        "requests": result["requests"],
        "status_4xx": result["status_4xx"],
        "status_5xx": result["status_5xx"],
        "socket_errors": socket_errors,
        "rss_by_pid_mb": {str(k): round(v, 1) for k, v in memory.peaks.items()},
    }


def _summary(rounds: list[dict[str, Any]], connections: int) -> dict[str, Any]:
    """A side's cell: the median of its rounds; errors summed; memory at its peak."""
    rss: dict[str, float] = {}
    for one in rounds:
        for pid, mb in one["rss_by_pid_mb"].items():
            rss[pid] = max(rss.get(pid, 0.0), mb)
    fives = sum(one["status_5xx"] for one in rounds)
    fours = sum(one["status_4xx"] for one in rounds)
    sockets = sum(one["socket_errors"] for one in rounds)
    problems = [
        f"{n} {what}"
        for n, what in ((fives, "5xx"), (fours, "4xx"), (sockets, "socket errors"))
        if n
    ]
    return {
        "status": ", ".join(problems) or "ok",
        "connections": connections,
        "rounds": len(rounds),
        "rps": round(_median([one["rps"] for one in rounds]), 1),
        "writer_rps": (
            round(_median([one["writer_rps"] for one in rounds]), 1)
            if all(one.get("writer_rps") is not None for one in rounds)
            else None
        ),
        "p50_ms": _median([one["p50_ms"] for one in rounds]),
        "p99_ms": _median([one["p99_ms"] for one in rounds]),
        "max_ms": max(one["max_ms"] for one in rounds),
        "requests": sum(one["requests"] for one in rounds),
        "status_4xx": fours,
        "status_5xx": fives,
        "socket_errors": sockets,
        "rss_peak_mb": max(rss.values(), default=0.0),
        "rss_by_pid_mb": rss,
        "by_round": rounds,
    }


def _measure(
    scenario: Scenario,
    data: dataset.Dataset,
    paths_file: Path | None,
    config: dict[str, Any],
    sides: list[servers.Server],
) -> dict[str, Any]:
    """Every cell of one scenario: cold (ours), warm-up, then per connection count the rounds,
    the two sides alternating within each round."""
    results: dict[str, Any] = {side.name: [] for side in sides}
    token = f"{int(time.time())}"
    live = []
    for server in sides:
        status, code = probe(server.base, scenario, data.key, paths_file)
        if status in (200, 201):
            live.append(server)
            continue
        # A 404 naming a missing resource is the path's fault (a harness bug), not the route's.
        missing = status == 405 or (status == 404 and code != "resource_missing")
        note = "endpoint missing" if missing else f"error HTTP {status} {code}".strip()
        results[server.name] = [{"status": note, "connections": c} for c in config["connections"]]
    ours = next((server for server in live if server.name == "otesse"), None)
    if len(live) == 2 and paths_file is not None and config["check_totals"]:
        results["totals"] = _compare_totals(live, paths_file, data.key, config["check_totals"])
        if results["totals"]["differ"]:
            print(f"  totals differ: {results['totals']['differ'][:3]}", flush=True)
    if scenario.cold and config["cold"] and ours is not None:
        _settle(sides, data)
        cold = _one(ours, scenario, data, paths_file, 8, config["cold"], token + "cold")
        results["cold"] = _summary([cold], 8)
        print(f"  {'otesse':8} cold c=8   {_line(results['cold'])}", flush=True)
    for server in live:
        if config["warmup"]:
            _settle(sides, data)
            _one(server, scenario, data, paths_file, 8, config["warmup"], f"{token}w{server.name}")
    for connections in config["connections"]:
        rounds: dict[str, list[dict[str, Any]]] = {server.name: [] for server in live}
        for number in range(config["rounds"]):
            for server in live:
                settled = _settle(sides, data)
                one = _one(
                    server,
                    scenario,
                    data,
                    paths_file,
                    connections,
                    config["duration"],
                    f"{token}{server.name[0]}c{connections}r{number}",
                )
                one["settled_s"] = round(settled, 2)
                rounds[server.name].append(one)
        for server in live:
            results[server.name].append(_summary(rounds[server.name], connections))
            print(f"  {server.name:8} c={connections:<3} {_line(results[server.name][-1])}")
        if len(live) == 2:
            ratios = [
                a["rps"] / b["rps"]
                for a, b in zip(rounds["otesse"], rounds["baseline"], strict=True)
                if b["rps"]
            ]
            results.setdefault("ratio", {})[str(connections)] = (
                round(_median(ratios), 3) if ratios else None
            )
    return results


def _measure_kind(
    scenario: Scenario,
    data: dataset.Dataset,
    paths_file: Path | None,
    config: dict[str, Any],
    sides: list[servers.Server],
    logdir: Path,
) -> dict[str, Any]:
    """:func:`_measure`, but for the webhook rows (issue 16), which run on our side only."""
    ours = [server for server in sides if server.name == "otesse"]
    if scenario.kind == "delivery":
        if not ours:
            return {}
        _settle(sides, data)
        row = webhooks.delivery_rate(ours[0], data)
        print(f"  otesse   {row['status']:8} {row['rps']:9.1f} /s", flush=True)
        return {"otesse": [row]}
    if scenario.name == "create_hooked":
        if not ours:
            return {}
        with webhooks.hooked(ours[0], data, logdir) as hook:
            results = _measure(scenario, data, paths_file, config, ours)
            results["drain"] = hook.drain()
            print(f"  otesse   drained: {results['drain']}", flush=True)
            return results
    return _measure(scenario, data, paths_file, config, sides)


def _compare_totals(
    live: list[servers.Server], paths_file: Path, key: str, how_many: int
) -> dict[str, Any]:
    """Both sides' exact totals for the first distinct paths of the set: they must agree (the
    baseline counts with COUNT(*)). Before any load, so no write moves them in between."""
    distinct = list(dict.fromkeys(paths_file.read_text().split()))[:how_many]
    compared, differ = 0, []
    for path in distinct:
        ours, theirs = (total(server.base, path, key) for server in live)
        if ours is None or theirs is None:
            continue
        compared += 1
        if ours != theirs:
            differ.append({"path": path, "otesse": ours, "baseline": theirs})
    return {"compared": compared, "differ": differ}


def _line(row: dict[str, Any]) -> str:
    writer = f"  writer {row['writer_rps']:.0f}/s" if row.get("writer_rps") is not None else ""
    return (
        f"{row['status']:10} {row['rps']:9.1f} req/s  p50 {row['p50_ms']:7.2f} ms  "
        f"p99 {row['p99_ms']:7.2f} ms  rss {row['rss_peak_mb']:6.1f} MB{writer}"
    )


def main() -> int:
    config = _config()
    _ensure_wrk()
    data = dataset.ensure(config["database"], config["customers"], HERE / "var")
    # This run's own folder (path sets, logs): a second run at the same time, on another
    # dataset, must not replace the paths this one sends.
    run_dir = HERE / "var" / "runs" / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"
    print(f"dataset: {data.terms_reset} registered-term rows removed: no term is registered")
    path_files = paths.build(
        dsn=data.dsn,
        sqlite_path=data.sqlite_path,
        account_id=data.account_id,
        mode=dataset.MODE,
        total=data.customers,
        folder=run_dir / "paths",
        seed=config["seed"],
    )
    warmed = warm.warm_dataset(data)
    sides: list[servers.Server] = []
    if "otesse" in config["sides"]:
        sides.append(servers.ours(data.url))
    if "baseline" in config["sides"]:
        if data.dsn is None:
            print("baseline: PostgreSQL only; skipped on SQLite")
        else:
            sides.append(servers.baseline(data.dsn))
    logdir = run_dir / "logs"
    logdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    processes: dict[str, list[int]] = {}
    moved: dict[str, Any] = {}
    started = datetime.now(UTC)
    try:
        for server in sides:
            server.start(logdir)
            processes[server.name] = server.pids()
        for scenario in SCENARIOS:
            if scenario.name not in config["scenarios"]:
                continue
            print(scenario.title, flush=True)
            if scenario.kind in ("paths", "sequence") and scenario.name not in path_files:
                print("  skipped: the dataset gives this scenario no paths")
                continue
            results[scenario.name] = _measure_kind(
                scenario, data, path_files.get(scenario.name), config, sides, logdir
            )
        if "moving" in config["scenarios"]:
            # With the API still serving (docs/import.md).
            moved = moving.measure(data, HERE / "var")
    finally:
        for server in sides:
            server.stop()
    pooled = pooling.measure(data, path_files, config, logdir, _one, _summary)
    document = {
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": _machine(),
        "config": config,
        "dataset": {
            "database": data.database,
            "customers": data.customers,
            "seeded_now": data.seeded_now,
            "seed_seconds": data.seed_seconds,
            "terms_reset": data.terms_reset,
            "warmed_mb": warmed.megabytes,
            "warm_seconds": round(warmed.seconds, 1),
        },
        "processes": processes,
        "results": results,
        "moving": moved,
        "pgbouncer": pooled,
    }
    document["targets"] = report.targets(document)
    path = report.save(document, HERE / "results")
    report.print_table(document)
    pooling.print_table(pooled)
    print(f"\nsaved {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
