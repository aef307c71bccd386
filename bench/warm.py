"""The dataset read into memory before anything is measured.

A database server in service holds its working set in memory; a benchmark that starts
right after seeding (or after the machine dropped its caches) would measure the disk
instead. On this kind of machine that was the whole difference: a 4-digit phone search
read ~600 heap blocks in 3-10 ms from memory and in 75-350 ms from disk, and the first
seconds of every random-path row waited on reads (docs/performance.md, "A warm cache").

PostgreSQL's pg_prewarm (a contrib extension shipped with the server) reads every table,
index and TOAST relation of the bench database: into shared_buffers when they can hold the
whole database, else into the page cache (`read` mode), which this kind of VM trims within
minutes. Both sides read the same database, so the warm-up favours neither.
"""

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bench import dataset

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Warmed:
    megabytes: int
    seconds: float
    skipped: str | None = None  # why nothing was read
    mode: str = "read"  # pg_prewarm's: into shared_buffers ("buffer") or the page cache


async def warm_postgres(dsn: str) -> Warmed:
    started = time.monotonic()
    conn = await asyncpg.connect(dsn)
    try:
        available = await conn.fetchval(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_prewarm'"
        )
        if not available:
            return Warmed(0, 0.0, "pg_prewarm is not installed with this server")
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        database = int(await conn.fetchval("SELECT pg_database_size(current_database())"))
        buffers = int(await conn.fetchval("SELECT setting::bigint * 8192 FROM pg_settings "
                                          "WHERE name = 'shared_buffers'"))  # fmt: skip
        # Where shared_buffers holds the whole dataset, the relations go there: a page cache
        # the machine trims (this kind of VM gave back all but ~2.5 GB within minutes) cannot
        # keep 3.4 GB. Otherwise into the page cache, with a warning.
        mode = "buffer" if buffers >= database else "read"
        blocks = await conn.fetchval(
            f"SELECT coalesce(sum(pg_prewarm(c.oid, '{mode}')), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p' "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        )
        block_size = int(await conn.fetchval("SHOW block_size"))
    finally:
        await conn.close()
    if mode == "read":
        print(
            f"dataset: {database >> 20:,} MB against shared_buffers of {buffers >> 20:,} MB: "
            "read into the page cache only, which the machine may trim (docs/performance.md, "
            "'A warm cache')"
        )
    return Warmed(int(blocks) * block_size >> 20, time.monotonic() - started, mode=mode)


def warm_file(path: Path) -> Warmed:
    """SQLite's database and WAL files, read through once."""
    started, read = time.monotonic(), 0
    for one in (path, Path(f"{path}-wal")):
        if one.exists():
            with one.open("rb") as file:
                while chunk := file.read(CHUNK):
                    read += len(chunk)
    return Warmed(read >> 20, time.monotonic() - started)


def warm_dataset(data: dataset.Dataset) -> Warmed:
    """The dataset in the page cache before the first cell, said on the console.
    `BENCH_WARM=0` measures from whatever the cache holds (the cost of a cold one)."""
    if os.environ.get("BENCH_WARM", "1") == "0":
        print("dataset: not warmed (BENCH_WARM=0)")
        return Warmed(0, 0.0, "BENCH_WARM=0")
    if data.dsn is not None:
        warmed = asyncio.run(warm_postgres(data.dsn))
    else:
        assert data.sqlite_path is not None
        warmed = warm_file(data.sqlite_path)
    if warmed.skipped:
        print(f"dataset: not warmed ({warmed.skipped}); the first cells may measure the disk")
    else:
        where = "shared_buffers" if warmed.mode == "buffer" else "the page cache"
        read = f"{warmed.megabytes:,} MB read into {where} in {warmed.seconds:.1f} s"
        print(f"dataset: {read}")
    return warmed
