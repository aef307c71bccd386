"""The benchmark's dataset: a seeded account `bench` at a given scale, reused when present."""

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

ACCOUNT = "bench"
MODE = "test"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "otesse_bench")
OTESSE = str(Path(sys.executable).with_name("otesse"))
# Rows created by the create scenario carry this name; they are removed before each run so a
# reused dataset keeps its scale.
BENCH_NAME = ("Bench", "Runner")
# Where the service keeps the search terms it registered (customer_counts/repository.py):
# emptied for the tenant before each run, so a run starts with no term registered and its
# cold rows measure first searches. A table that does not exist (any more) is skipped.
REGISTERED_TERMS_TABLES = ("customer_term_counts",)


@dataclass(slots=True)
class Dataset:
    database: str  # postgresql | sqlite
    url: str  # for the service (SQLAlchemy form)
    dsn: str | None  # for asyncpg (PostgreSQL only)
    customers: int
    seeded_now: bool
    seed_seconds: float | None
    key: str
    account_id: str
    sqlite_path: Path | None
    terms_reset: int  # registered-term rows removed before the run


def _otesse(url: str, *args: str, capture: bool = False) -> str:
    env = {**os.environ, "OTESSE_DATABASE_URL": url}
    done = subprocess.run(
        [OTESSE, *args], env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return (done.stdout or "").strip()


async def _pg_count(dsn: str) -> int | None:
    try:
        conn = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        if not await conn.fetchval("SELECT to_regclass('customers') IS NOT NULL"):
            return None
        account_id = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", ACCOUNT)
        if account_id is None:
            return 0
        if not await _pg_has_tags(conn, account_id):
            print("dataset: seeded before customers had tags (the tag= row needs them)")
            return None
        async with conn.transaction():
            # A sequential scan: the planner otherwise walks a million index entries of the
            # tenant in random heap order looking for a handful of rows.
            await conn.execute("SET LOCAL enable_indexscan = off")
            await conn.execute("SET LOCAL enable_bitmapscan = off")
            doomed = [
                row["id"]
                for row in await conn.fetch(
                    "SELECT id FROM customers "
                    "WHERE account_id = $1 AND first_name = $2 AND last_name = $3",
                    account_id,
                    *BENCH_NAME,
                )
            ]
        if doomed:
            async with conn.transaction():
                await conn.execute("DELETE FROM addresses WHERE customer_id = ANY($1)", doomed)
                await conn.execute("DELETE FROM customers WHERE id = ANY($1)", doomed)
            # As autovacuum would, in time: the visibility map lets page 2,000 skip its OFFSET
            # in the index alone, and the deleted rows leave the heap.
            await conn.execute("VACUUM (ANALYZE) customers, addresses")
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM customers WHERE account_id = $1 AND mode = $2",
                account_id,
                MODE,
            )
        )
    finally:
        await conn.close()


async def _pg_recreate() -> None:
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    finally:
        await conn.close()


async def _pg_reset_terms(dsn: str) -> tuple[str, int]:
    """The bench account's id; its registered search terms removed (the rows removed)."""
    conn = await asyncpg.connect(dsn)
    try:
        account_id = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", ACCOUNT)
        removed = 0
        for table in REGISTERED_TERMS_TABLES:
            if await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", table):
                status = await conn.execute(
                    f"DELETE FROM {table} WHERE account_id = $1",
                    account_id,
                )
                removed += int(status.split()[-1])
    finally:
        await conn.close()
    return str(account_id), removed


async def _pg_has_tags(conn: Any, account_id: str) -> bool:
    """Whether the seed that made the dataset gave tags (migration 0008 and a seed since)."""
    if not await conn.fetchval("SELECT to_regclass('customer_tags') IS NOT NULL"):
        return False
    found = await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM customer_tags WHERE account_id = $1)", account_id
    )
    return bool(found)


def _sqlite_count(path: Path) -> int | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT id FROM accounts WHERE name = ?", (ACCOUNT,)).fetchone()
        if found is None:
            return 0
        tagged = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM customer_tags WHERE account_id = ?)", (found[0],)
        ).fetchone()
        if not tagged[0]:
            print("dataset: seeded before customers had tags (the tag= row needs them)")
            return None
        with conn:
            conn.execute(
                "DELETE FROM addresses WHERE customer_id IN (SELECT id FROM customers "
                "WHERE account_id = ? AND first_name = ? AND last_name = ?)",
                (found[0], *BENCH_NAME),
            )
            conn.execute(
                "DELETE FROM customers WHERE account_id = ? AND first_name = ? AND last_name = ?",
                (found[0], *BENCH_NAME),
            )
        row = conn.execute(
            "SELECT count(*) FROM customers WHERE account_id = ? AND mode = ?", (found[0], MODE)
        ).fetchone()
        return int(row[0])
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()


def _sqlite_reset_terms(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(path)
    try:
        account_id = conn.execute("SELECT id FROM accounts WHERE name = ?", (ACCOUNT,)).fetchone()
        removed = 0
        with conn:
            for table in REGISTERED_TERMS_TABLES:
                exists = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
                ).fetchone()
                if exists:
                    removed += conn.execute(
                        f"DELETE FROM {table} WHERE account_id = ?",
                        (account_id[0],),
                    ).rowcount
    finally:
        conn.close()
    return str(account_id[0]), removed


def ensure(database: str, customers: int, workdir: Path) -> Dataset:
    """Reuse the dataset when it holds exactly `customers` seeded customers, else rebuild it."""
    workdir.mkdir(parents=True, exist_ok=True)
    seeded_now, seconds = False, None
    if database == "postgresql":
        dsn = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DATABASE
        url = dsn
        count = asyncio.run(_pg_count(dsn))
        if count != customers:
            print(f"dataset: {count} customers, want {customers}: rebuilding {PG_DATABASE}")
            asyncio.run(_pg_recreate())
    else:
        dsn = None
        path = workdir / f"bench-{customers}.db"
        url = f"sqlite:///{path}"
        count = _sqlite_count(path)
        if count != customers:
            print(f"dataset: {count} customers, want {customers}: rebuilding {path}")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if count != customers:
        _otesse(url, "migrate")
        started = time.monotonic()
        _otesse(url, "seed", "--customers", str(customers), "--account", ACCOUNT)
        seconds = time.monotonic() - started
        seeded_now = True
    else:
        print(f"dataset: reusing {customers:,} customers ({database})")
        _otesse(url, "migrate")  # a reused dataset gets the migrations added since its seed
    key = _otesse(url, "keys", "create", "--account", ACCOUNT, "--mode", MODE, capture=True)
    account_id, removed = asyncio.run(_pg_reset_terms(dsn)) if dsn else _sqlite_reset_terms(path)
    return Dataset(
        database,
        url,
        dsn,
        customers,
        seeded_now,
        seconds,
        key,
        account_id,
        None if dsn else path,
        removed,
    )
