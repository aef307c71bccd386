"""The rows of issue 19 in `make bench`: a full export of the dataset's account through
`otesse export customers`, and an import of BENCH_IMPORT_ROWS generated rows through
`otesse import customers` (then its re-run, which only matches and skips) into a fresh
account, with the API serving meanwhile. Each command is timed and its peak RSS sampled;
the imported account is deleted afterwards so the dataset keeps its scale.

Targets (docs/import.md): the export of 1,000,000 customers and the import of 100,000 rows
each in 60 s or less, each at 200 MB RSS or less.
"""

import asyncio
import csv
import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import asyncpg

from bench import dataset
from bench.servers import rss_mb

SECONDS_TARGET = 60.0
RSS_TARGET_MB = 200.0
IMPORT_ACCOUNT = "bench-import"


def _timed(args: list[str], url: str, stdout: Any) -> dict[str, Any]:
    env = {**os.environ, "OTESSE_DATABASE_URL": url}
    started = time.monotonic()
    process = subprocess.Popen(
        [dataset.OTESSE, *args], env=env, stdout=stdout, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, rss_mb(process.pid))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    status = process.wait()
    done.set()
    watcher.join()
    seconds = time.monotonic() - started
    return {"seconds": round(seconds, 2), "rss_peak_mb": round(peak, 1), "exit": status}


def write_rows(path: Path, rows: int) -> None:
    """`rows` customers in the import's own format, each with a default address."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["first_name", "last_name", "email", "phone", "address_1_label", "address_1_street",
             "address_1_city", "address_1_state", "address_1_zip"]
        )  # fmt: skip
        for n in range(rows):
            writer.writerow(
                ["Ima", f"Port{n}", f"import-{n}@example.com", f"+1555{n % 10_000_000:07d}",
                 "Home", f"{n % 9000 + 1} Main St", "Eugene", "OR", f"97{n % 1000:03d}"]
            )  # fmt: skip


async def _pg_drop_account(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        account_id = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", IMPORT_ACCOUNT)
        if account_id is not None:
            async with conn.transaction():
                for table in ("addresses", "customers", "customer_term_counts", "customer_counts"):
                    await conn.execute(f"DELETE FROM {table} WHERE account_id = $1", account_id)
    finally:
        await conn.close()


def _sqlite_drop_account(path: str) -> None:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT id FROM accounts WHERE name = ?", (IMPORT_ACCOUNT,)).fetchone()
        if found:
            for table in ("addresses", "customers", "customer_term_counts", "customer_counts"):
                conn.execute(f"DELETE FROM {table} WHERE account_id = ?", found)


def _drop_import_account(data: dataset.Dataset) -> None:
    if data.dsn:
        asyncio.run(_pg_drop_account(data.dsn))
    else:
        _sqlite_drop_account(data.url.removeprefix("sqlite:///"))


def measure(data: dataset.Dataset, workdir: Path) -> dict[str, Any]:
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    results: dict[str, Any] = {}
    print("export and import (issue 19)", flush=True)
    export_args = ["export", "customers", "--account", dataset.ACCOUNT, "--mode", dataset.MODE]
    results["export"] = {"customers": data.customers} | _timed(
        export_args, data.url, subprocess.DEVNULL
    )
    file = workdir / f"import-{rows}.csv"
    if not file.exists():
        write_rows(file, rows)
    _drop_import_account(data)
    import_args = ["import", "customers", str(file), "--account", IMPORT_ACCOUNT]
    try:
        results["import"] = {"rows": rows} | _timed(import_args, data.url, subprocess.DEVNULL)
        results["import_rerun"] = {"rows": rows} | _timed(import_args, data.url, subprocess.DEVNULL)
    finally:
        _drop_import_account(data)
    for name, row in results.items():
        size = row.get("customers", row.get("rows"))
        ok = row["exit"] == 0 and row["rss_peak_mb"] <= RSS_TARGET_MB
        met = "met" if ok and row["seconds"] <= SECONDS_TARGET else "MISSED"
        print(
            f"  {name:13} {size:>9,} rows {row['seconds']:7.1f} s  rss {row['rss_peak_mb']:6.1f} MB"
            f"  exit {row['exit']}  ({met}: <= {SECONDS_TARGET:.0f} s, <= {RSS_TARGET_MB:.0f} MB)",
            flush=True,
        )
    return results
