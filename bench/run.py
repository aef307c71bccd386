"""`make bench`: both sides, every scenario, at 8 and 32 connections, in one run.

    BENCH_DATABASE     postgresql (default) or sqlite (report only, no baseline)
    BENCH_CUSTOMERS    dataset scale (default 1000000 on PostgreSQL, 100000 on SQLite)
    BENCH_DURATION     seconds per measurement (default 10)
    BENCH_WARMUP       seconds of warm-up per scenario and side (default 2)
    BENCH_CONNECTIONS  comma-separated (default 8,32)
    BENCH_SCENARIOS    comma-separated names to run (default all)
    BENCH_SIDES        comma-separated: otesse,baseline (default both)

Prints the table and writes bench/results/<UTC timestamp>.json.
"""

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import dataset, quiet, report, servers, webhooks
from bench.scenarios import SCENARIOS, Scenario, drive, probe

HERE = Path(__file__).resolve().parent


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
        "connections": [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8,32").split(",")],
        "scenarios": [s.name for s in SCENARIOS if not wanted or s.name in wanted.split(",")],
        "sides": os.environ.get("BENCH_SIDES", "otesse,baseline").split(","),
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


def _measure(
    server: servers.Server,
    scenario: Scenario,
    data: dataset.Dataset,
    config: dict[str, Any],
    sides: list[servers.Server],
) -> list[dict[str, Any]]:
    if scenario.kind == "delivery":
        # One worker's delivery rate: ours only, measured once (bench/webhooks.py).
        if server.name != "otesse":
            return [{"status": "n.a.", "connections": c} for c in config["connections"]]
        _settle(sides, data)
        row = webhooks.delivery_rate(server, data)
        print(f"  {server.name:8} {scenario.name:13} {row['status']:8} {row['rps']:9.1f} /s")
        return [row]
    if scenario.name == "create_hooked" and server.name == "otesse":
        with webhooks.hooked(server, data, HERE / "var" / "logs"):
            return _measure_scenario(server, scenario, data, config, sides)
    return _measure_scenario(server, scenario, data, config, sides)


def _measure_scenario(
    server: servers.Server,
    scenario: Scenario,
    data: dataset.Dataset,
    config: dict[str, Any],
    sides: list[servers.Server],
) -> list[dict[str, Any]]:
    sample_id = data.ids_file.read_text().split()[0]
    status = probe(server.base, scenario, data.key, sample_id)
    rows: list[dict[str, Any]] = []
    if status not in (200, 201):
        note = "endpoint missing" if status in (404, 405) else f"error HTTP {status}"
        for connections in config["connections"]:
            rows.append({"status": note, "connections": connections})
        return rows
    token = f"{int(time.time())}{server.name[0]}"
    if config["warmup"]:
        _settle(sides, data)
        drive(
            server.base,
            scenario,
            key=data.key,
            ids_file=data.ids_file,
            connections=8,
            seconds=config["warmup"],
            run_token=token + "w",
        )
    for connections in config["connections"]:
        settled = _settle(sides, data)
        with servers.MemoryWatch(server) as memory:
            result = drive(
                server.base,
                scenario,
                key=data.key,
                ids_file=data.ids_file,
                connections=connections,
                seconds=config["duration"],
                run_token=f"{token}c{connections}",
            )
        errors = sum(v for k, v in result.items() if k.startswith("errors_"))
        rows.append(
            {
                "status": "ok" if errors == 0 else f"{errors} errors",
                "connections": connections,
                "rps": round(result["rps"], 1),
                "p50_ms": result["p50_us"] / 1000,
                "p99_ms": result["p99_us"] / 1000,
                "max_ms": result["max_us"] / 1000,
                "requests": result["requests"],
                "errors": errors,
                "settled_s": round(settled, 2),
                "rss_peak_mb": round(memory.peak, 1),
                "rss_by_pid_mb": {str(k): round(v, 1) for k, v in memory.peaks.items()},
            }
        )
        print(
            f"  {server.name:8} {scenario.name:13} c={connections:<3} {rows[-1]['status']:8} "
            f"{result['rps']:9.1f} req/s  p50 {rows[-1]['p50_ms']:7.2f} ms  "
            f"p99 {rows[-1]['p99_ms']:7.2f} ms  rss {memory.peak:6.1f} MB",
            flush=True,
        )
    return rows


def main() -> int:
    config = _config()
    _ensure_wrk()
    data = dataset.ensure(config["database"], config["customers"], HERE / "var")
    sides: list[servers.Server] = []
    if "otesse" in config["sides"]:
        sides.append(servers.ours(data.url))
    if "baseline" in config["sides"]:
        if data.dsn is None:
            print("baseline: PostgreSQL only; skipped on SQLite")
        else:
            sides.append(servers.baseline(data.dsn))
    logdir = HERE / "var" / "logs"
    logdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    started = datetime.now(UTC)
    try:
        for server in sides:
            server.start(logdir)
        for scenario in SCENARIOS:
            if scenario.name not in config["scenarios"]:
                continue
            print(scenario.title, flush=True)
            results[scenario.name] = {
                server.name: _measure(server, scenario, data, config, sides) for server in sides
            }
    finally:
        for server in sides:
            server.stop()
    document = {
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": _machine(),
        "config": config,
        "dataset": {
            "database": data.database,
            "customers": data.customers,
            "seeded_now": data.seeded_now,
            "seed_seconds": data.seed_seconds,
        },
        "results": results,
    }
    document["targets"] = report.targets(document)
    path = report.save(document, HERE / "results")
    report.print_table(document)
    print(f"\nsaved {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
