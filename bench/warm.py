"""The dataset read into the operating system's page cache before anything is measured.

A database server in service holds its working set in memory; a benchmark that starts
right after seeding (or after the machine dropped its caches) would measure the disk
instead. On this kind of machine that was the whole difference: a 4-digit phone search
read ~600 heap blocks in 3-10 ms from memory and in 75-350 ms from disk, and the first
seconds of every random-path row waited on reads (docs/performance.md, "A warm cache").

PostgreSQL's pg_prewarm (a contrib extension shipped with the server) reads every table,
index and TOAST relation of the bench database in `read` mode: into the page cache, not
into shared_buffers, which is far smaller than the dataset. Both sides read the same
database, so the warm-up favours neither.
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
        blocks = await conn.fetchval(
            "SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p' "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        )
        block_size = int(await conn.fetchval("SHOW block_size"))
    finally:
        await conn.close()
    return Warmed(int(blocks) * block_size >> 20, time.monotonic() - started)


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
        read = f"{warmed.megabytes:,} MB read into the page cache in {warmed.seconds:.1f} s"
        print(f"dataset: {read}")
    return warmed
