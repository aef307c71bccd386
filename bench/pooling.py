"""`make bench`'s PgBouncer rows: the busiest calls through PgBouncer in transaction mode
(deploy/pgbouncer.ini, OTESSE_DATABASE_POOLER=pgbouncer) beside the same calls direct.

    BENCH_PGBOUNCER    comma-separated scenarios measured both ways (default below; empty:
                       none). Only those the run measures (BENCH_SCENARIOS) are.

Through the pooler the driver keeps no prepared statement and reads run in a transaction
(core/db.py): the rows show what that costs. Same dataset, same connections, the two ways
alternating within each round (medians), like the main table.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import servers
from bench.dataset import Dataset
from bench.scenarios import BY_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pooled import pgbouncer

DEFAULT = "get,search_first,filter_combined,page_random,bookings_page,create"
WAYS = ("direct", "pgbouncer")


def wanted(config: dict[str, Any]) -> list[str]:
    names = os.environ.get("BENCH_PGBOUNCER", DEFAULT).split(",")
    return [name for name in names if name and name in config["scenarios"] and name in BY_NAME]


def measure(
    data: Dataset,
    path_files: dict[str, Path],
    config: dict[str, Any],
    logdir: Path,
    one: Callable[..., dict[str, Any]],
    summary: Callable[[list[dict[str, Any]], int], dict[str, Any]],
) -> dict[str, Any]:
    """{scenario: {"direct": [row per connections], "pgbouncer": [...], "ratio": {c: r}}}:
    ``one`` and ``summary`` are bench/run.py's measurement of a cell and its median."""
    names = wanted(config)
    if not names or data.dsn is None:
        return {}
    results: dict[str, Any] = {}
    with pgbouncer(data.dsn) as port:
        address = data.url.split("@", 1)[1].split("/", 1)[0]
        pooled = servers.ours(data.url.replace(address, f"127.0.0.1:{port}", 1))
        pooled.name = "otesse_pgbouncer"
        pooled.env["OTESSE_DATABASE_POOLER"] = "pgbouncer"
        direct = servers.ours(data.url)
        ways = dict(zip(WAYS, (direct, pooled), strict=True))
        try:
            for server in ways.values():
                server.start(logdir)
            for name in names:
                print(f"through PgBouncer: {BY_NAME[name].title}", flush=True)
                results[name] = _scenario(name, ways, data, path_files, config, one, summary)
        finally:
            for server in ways.values():
                server.stop()
    return results


def _scenario(
    name: str,
    ways: dict[str, servers.Server],
    data: Dataset,
    path_files: dict[str, Path],
    config: dict[str, Any],
    one: Callable[..., dict[str, Any]],
    summary: Callable[[list[dict[str, Any]], int], dict[str, Any]],
) -> dict[str, Any]:
    scenario, paths_file = BY_NAME[name], path_files.get(name)
    if scenario.kind in ("paths", "sequence") and paths_file is None:
        return {"skipped": "the dataset gives this scenario no paths"}
    cells: dict[str, Any] = {way: [] for way in WAYS}
    for way, server in ways.items():
        if config["warmup"]:
            one(server, scenario, data, paths_file, 8, config["warmup"], f"pw{way}")
    for connections in config["connections"]:
        rounds: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
        for number in range(config["rounds"]):
            for way, server in ways.items():
                token = f"p{way[0]}c{connections}r{number}"
                rounds[way].append(
                    one(server, scenario, data, paths_file, connections, config["duration"], token)
                )
        for way in WAYS:
            cells[way].append(summary(rounds[way], connections))
        direct, pooled = (cells[way][-1] for way in WAYS)
        ratio = round(pooled["rps"] / direct["rps"], 3) if direct["rps"] else None
        cells.setdefault("ratio", {})[str(connections)] = ratio
        print(
            f"  c={connections:<3} direct {direct['rps']:8.1f} req/s p50 {direct['p50_ms']:6.2f} "
            f"ms | pgbouncer {pooled['rps']:8.1f} req/s p50 {pooled['p50_ms']:6.2f} ms "
            f"({pooled['status']}) | x{ratio}",
            flush=True,
        )
    return cells


def print_table(rows: dict[str, Any]) -> None:
    if not rows:
        return
    print("\nthrough PgBouncer (transaction mode) beside direct: req/s, p50 ms, p99 ms")
    for name, cells in rows.items():
        if "skipped" in cells:
            print(f"  {BY_NAME[name].title:24} skipped: {cells['skipped']}")
            continue
        for direct, pooled in zip(cells["direct"], cells["pgbouncer"], strict=True):
            c = direct["connections"]
            print(
                f"  {BY_NAME[name].title:24} c={c:<3} direct {direct['rps']:8.1f} "
                f"{direct['p50_ms']:6.2f} {direct['p99_ms']:6.2f} | pgbouncer "
                f"{pooled['rps']:8.1f} {pooled['p50_ms']:6.2f} {pooled['p99_ms']:6.2f} "
                f"{pooled['status']:>6} | x{cells['ratio'][str(c)]}"
            )
