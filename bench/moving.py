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
from bench.report import scaled_seconds
from bench.scenarios import MOVING_TARGETS
from bench.servers import rss_mb
from otesse.customers import csv_format
from otesse.seeding import batches, generate
from otesse.seeding.columns import COLUMNS

IMPORT_ACCOUNT = "bench-import"
# What an import writes for its account, the rows referring to customers first.
IMPORTED_TABLES = (
    "customer_tags",
    "consents",
    "invitations",
    "addresses",
    "customers",
    "customer_term_counts",
    "customer_gram_counts",
    "customer_day_counts",
    "customer_tag_counts",
    "customer_counts",
)


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


# The seed's own generator (names, email shapes, 8% without a phone, a quarter with a second
# address, statuses, tags, creation dates over two years): the file is a company's realistic
# export in the import's own format, with its platform ids in external_id.
IMPORT_ZIPS = {f"97{n:03d}": (None, city, "OR") for n, city in enumerate(("Eugene", "Salem") * 50)}
CHUNK = 10_000


def write_rows(path: Path, rows: int) -> None:
    """`rows` generated customers in the import's own format (csv_format.header), streamed."""
    now = int(time.time())
    customer_columns = COLUMNS["customers"]
    address_columns = COLUMNS["addresses"]
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(csv_format.header(2))
        for start in range(0, rows, CHUNK):
            plan = batches.Plan(
                account_id="import", mode="test", start=start, count=min(CHUNK, rows - start),
                total=rows, begin=now - 730 * batches.DAY, end=now - batches.DAY, now=now,
                zips=IMPORT_ZIPS, seed=19,
            )  # fmt: skip
            batch = generate.generate(plan)
            addresses: dict[str, list[dict[str, Any]]] = {}
            for values in batch.rows["addresses"]:
                address = dict(zip(address_columns, values, strict=True))
                addresses.setdefault(address["customer_id"], []).append(address)
            for number, values in enumerate(batch.rows["customers"], start):
                customer = dict(zip(customer_columns, values, strict=True))
                customer["external_id"] = f"crm-{number}"
                customer["tags"] = generate.tags_of(number)
                customer["marketing_opt_in"] = number % 7 == 0
                owned = sorted(addresses[customer["id"]], key=lambda a: not a["is_default"])
                writer.writerow(csv_format.customer_cells(customer, owned, 2))


async def _pg_drop_account(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        account_id = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", IMPORT_ACCOUNT)
        if account_id is not None:
            async with conn.transaction():
                # The consent ledger refuses deletes (a trigger: it is append-only); the bench's
                # own throw-away account is the one place its rows go, triggers off.
                await conn.execute("SET LOCAL session_replication_role = replica")
                for table in IMPORTED_TABLES:
                    await conn.execute(f"DELETE FROM {table} WHERE account_id = $1", account_id)
    finally:
        await conn.close()


def _sqlite_drop_account(path: str) -> None:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT id FROM accounts WHERE name = ?", (IMPORT_ACCOUNT,)).fetchone()
        if found:
            # The ledger's append-only trigger refuses deletes: its rows of the throw-away
            # account stay (sqlite3 enforces no foreign keys unless asked).
            for table in (table for table in IMPORTED_TABLES if table != "consents"):
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
        target = MOVING_TARGETS[name]
        size = row.get("customers", row.get("rows"))
        print(
            f"  {name:13} {size:>9,} rows {row['seconds']:7.1f} s  rss {row['rss_peak_mb']:6.1f} MB"
            f"  exit {row['exit']}  ({scaled_seconds(row, target['at']):.0f} s at "
            f"{target['at']:,.0f}; target <= {target['seconds_max']:.0f} s, "
            f"<= {target['rss_max_mb']:.0f} MB)",
            flush=True,
        )
    return results
