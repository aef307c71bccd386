"""Bulk loading of generated batches: COPY on PostgreSQL, executemany on SQLite.

Generation runs in worker processes (a batch at a time, in customer order) while this process
streams the previous batch to the database, so on PostgreSQL the server and the generators work
at the same time. Each seed is ONE transaction: an interrupted seed leaves nothing behind and
can simply be run again.
"""

import asyncio
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from io import BytesIO
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from otesse.core.db import is_sqlite
from otesse.core.ids import new_id
from otesse.models.bookings import BOOKING_COUNTS
from otesse.seeding import generate as gen
from otesse.seeding import names
from otesse.seeding.batches import DAY, Plan, Row
from otesse.seeding.columns import COLUMNS, TABLES
from otesse.seeding.recount import recount_tenant

Progress = Callable[[int], None]
Say = Callable[[str], None]
# The triggers that count inserted customers, addresses and bookings (migrations 0020, 0021,
# 0022, 0024): the seed recounts once instead.
COUNT_TRIGGERS = (
    ("customers", "customers_counts_insert"),
    ("customers", "customer_day_counts_insert"),
    ("customers", "customer_gram_counts_insert"),
    ("addresses", "address_day_counts_added"),
    ("bookings", BOOKING_COUNTS.trigger("insert")),
)
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class SeedRefused(Exception):
    """The account already has customers in that mode: the seed adds nothing."""


@dataclass(frozen=True, slots=True)
class Request:
    database_url: str
    account: str
    mode: str
    customers: int
    batch_size: int = 10_000
    seed: int = 0
    workers: int = 2


@dataclass(slots=True)
class Outcome:
    account_id: str
    counts: dict[str, int]
    seconds: float


def _pg_value(value: Any) -> str:
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return str(value.translate(_ESCAPES))
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime:
        return f"{value}+00"  # generated times are naive UTC
    return str(value)


def _sqlite_value(value: Any) -> Any:
    kind = type(value)
    if kind is datetime:
        return f"{value}.000000"  # SQLAlchemy's SQLite DATETIME storage format
    if kind is date:
        return value.isoformat()
    if kind is bool:
        return int(value)
    return value


def copy_text(plan: Plan) -> dict[str, bytes]:
    """Worker: one batch as PostgreSQL COPY text, per table."""
    batch = gen.generate(plan)
    return {
        table: "".join(
            "\t".join([_pg_value(value) for value in row]) + "\n" for row in rows
        ).encode()
        for table, rows in batch.rows.items()
    }


def sqlite_rows(plan: Plan) -> dict[str, list[Row]]:
    """Worker: one batch as SQLite parameters, per table."""
    batch = gen.generate(plan)
    return {
        table: [tuple(_sqlite_value(value) for value in row) for row in rows]
        for table, rows in batch.rows.items()
    }


def _plans(
    request: Request, account_id: str, zips: dict[str, tuple[str, str, str]]
) -> Iterator[Plan]:
    now = int(time.time())
    base = Plan(
        account_id=account_id,
        mode=request.mode,
        start=0,
        count=0,
        total=request.customers,
        begin=now - 730 * DAY,
        end=now - DAY,
        now=now,
        zips=zips,
        seed=request.seed,
    )
    for start in range(0, request.customers, request.batch_size):
        yield replace(base, start=start, count=min(request.batch_size, request.customers - start))


def _pipelined(worker: Callable[[Plan], Any], plans: Iterator[Plan], workers: int) -> Any:
    """Yield worker(plan) results in plan order, keeping a few batches in flight."""

    @contextmanager
    def pool() -> Iterator[ProcessPoolExecutor]:
        executor = ProcessPoolExecutor(max_workers=workers)
        try:
            yield executor
        finally:
            executor.shutdown(cancel_futures=True)

    with pool() as executor:
        pending: deque[Any] = deque()
        for plan in plans:
            pending.append((plan, executor.submit(worker, plan)))
            if len(pending) > workers + 1:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def _zip_map(existing: list[tuple[str, str]]) -> dict[str, tuple[str, str, str]]:
    """zip -> (zone_id, city, state) for a tenant's existing zone ZIPs."""
    places = {code: (city, state) for _, city, state, codes in names.ZONES for code in codes}
    return {code: (zone_id, *places.get(code, ("Eugene", "OR"))) for code, zone_id in existing}


# ----------------------------------------------------------------------------- PostgreSQL


async def _pg_prepare(conn: Any, request: Request) -> tuple[str, dict[str, tuple[str, str, str]]]:
    account_id = await conn.fetchval("SELECT id FROM accounts WHERE name = $1", request.account)
    if account_id is None:
        account_id = new_id("acct")
        await conn.execute(
            "INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, now())",
            account_id,
            request.account,
        )
    elif await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM customers WHERE account_id = $1 AND mode = $2)",
        account_id,
        request.mode,
    ):
        raise SeedRefused(f"account {request.account!r} already has {request.mode} customers")
    existing = await conn.fetch(
        "SELECT zip, zone_id FROM zone_zips WHERE account_id = $1 AND mode = $2",
        account_id,
        request.mode,
    )
    if existing:
        return account_id, _zip_map([(row["zip"], row["zone_id"]) for row in existing])
    zones, zips, by_zip = gen.zone_rows(account_id, request.mode, int(time.time()) - 800 * DAY)
    await conn.copy_records_to_table(
        "zones",
        records=[(z[0], z[1], z[2], z[3], _aware(z[4]), _aware(z[5])) for z in zones],
        columns=("id", "account_id", "mode", "name", "created_at", "updated_at"),
    )
    await conn.copy_records_to_table(
        "zone_zips", records=zips, columns=("account_id", "mode", "zip", "zone_id")
    )
    return account_id, by_zip


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value.replace(tzinfo=UTC)


async def _drop_secondary(conn: Any) -> list[str]:
    """Drop the seeded tables' foreign keys and secondary indexes; return the DDL to rebuild
    them. Building an index once over loaded rows is several times cheaper than keeping it up
    to date row by row, and a foreign key added afterwards is checked with one join."""
    tables = list(TABLES)
    foreign = await conn.fetch(
        "SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def "
        "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)",
        tables,
    )
    indexes = await conn.fetch(
        "SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def "
        "FROM pg_index i WHERE indrelid::regclass::text = ANY($1) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        tables,
    )
    for row in foreign:
        await conn.execute(f'ALTER TABLE {row["tbl"]} DROP CONSTRAINT "{row["conname"]}"')
    for row in indexes:
        await conn.execute(f"DROP INDEX {row['name']}")
    return [row["def"] for row in indexes] + [
        f'ALTER TABLE {row["tbl"]} ADD CONSTRAINT "{row["conname"]}" {row["def"]}'
        for row in foreign
    ]


async def _seed_postgresql(request: Request, progress: Progress, say: Say) -> Outcome:
    dsn = make_url(request.database_url).set(drivername="postgresql").render_as_string(False)
    conn = await asyncpg.connect(dsn)
    started = time.monotonic()
    counts = dict.fromkeys(TABLES, 0)
    try:
        async with conn.transaction():
            account_id, zips = await _pg_prepare(conn, request)
            fresh = not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM customers)")
            rebuild = await _drop_secondary(conn) if fresh else []
            # Counting row by row in a trigger would double the load; recount once instead.
            for table, trigger in COUNT_TRIGGERS:
                await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            for plan, future in _pipelined(
                copy_text, _plans(request, account_id, zips), request.workers
            ):
                data = await asyncio.wrap_future(future)
                for table in TABLES:
                    await conn.copy_to_table(
                        table,
                        source=BytesIO(data[table]),
                        columns=COLUMNS[table],
                        format="text",
                    )
                    counts[table] += data[table].count(b"\n")
                progress(plan.count)
            if rebuild:
                say(f"loaded in {time.monotonic() - started:.0f}s; building indexes")
                await conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for statement in rebuild:
                    await conn.execute(statement)
            await recount_tenant(conn, account_id, request.mode)
            for table, trigger in COUNT_TRIGGERS:
                await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        say(f"committed after {time.monotonic() - started:.0f}s; vacuum analyze")
        for table in (*TABLES, "zones", "zone_zips"):
            # The visibility map lets counts use index-only scans; statistics pick the plans.
            await conn.execute(f"VACUUM (ANALYZE) {table}")
    finally:
        await conn.close()
    return Outcome(account_id, counts, time.monotonic() - started)


# ----------------------------------------------------------------------------- SQLite


def _seed_sqlite(request: Request, progress: Progress, say: Say) -> Outcome:
    path = make_url(request.database_url).database
    if not path or path == ":memory:":
        raise SeedRefused("seeding needs a file database")
    started = time.monotonic()
    counts = dict.fromkeys(TABLES, 0)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("BEGIN IMMEDIATE")
        account_id = _sqlite_prepare(conn, request)
        zips = _zip_map(
            conn.execute(
                "SELECT zip, zone_id FROM zone_zips WHERE account_id = ? AND mode = ?",
                (account_id, request.mode),
            ).fetchall()
        )
        if not zips:
            zips = _sqlite_zones(conn, account_id, request.mode)
        for plan, future in _pipelined(
            sqlite_rows, _plans(request, account_id, zips), request.workers
        ):
            data = future.result()
            for table in TABLES:
                columns = COLUMNS[table]
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our own names
                    f"VALUES ({', '.join('?' * len(columns))})",
                    data[table],
                )
                counts[table] += len(data[table])
            progress(plan.count)
        conn.execute("COMMIT")
        say("committed; analyze")
        conn.execute("ANALYZE")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return Outcome(account_id, counts, time.monotonic() - started)


def _sqlite_prepare(conn: sqlite3.Connection, request: Request) -> str:
    found = conn.execute("SELECT id FROM accounts WHERE name = ?", (request.account,)).fetchone()
    if found is None:
        account_id = new_id("acct")
        conn.execute(
            "INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)",
            (account_id, request.account, f"{datetime.now().replace(microsecond=0)}.000000"),
        )
        return account_id
    account_id = str(found[0])
    if conn.execute(
        "SELECT 1 FROM customers WHERE account_id = ? AND mode = ? LIMIT 1",
        (account_id, request.mode),
    ).fetchone():
        raise SeedRefused(f"account {request.account!r} already has {request.mode} customers")
    return account_id


def _sqlite_zones(
    conn: sqlite3.Connection, account_id: str, mode: str
) -> dict[str, tuple[str, str, str]]:
    zones, zips, by_zip = gen.zone_rows(account_id, mode, int(time.time()) - 800 * DAY)
    conn.executemany(
        "INSERT INTO zones (id, account_id, mode, name, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [tuple(_sqlite_value(value) for value in zone) for zone in zones],
    )
    conn.executemany(
        "INSERT INTO zone_zips (account_id, mode, zip, zone_id) VALUES (?, ?, ?, ?)", zips
    )
    return by_zip


def seed(request: Request, progress: Progress, say: Say) -> Outcome:
    """Seed `request.customers` customers and everything they own, in one transaction.

    Refuses (SeedRefused, nothing written) when the account already has customers in that mode.
    """
    if is_sqlite(request.database_url):
        return _seed_sqlite(request, progress, say)
    return asyncio.run(_seed_postgresql(request, progress, say))
