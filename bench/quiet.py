"""Wait for the machine to be quiet between two measurements.

A side answering a slow scenario (the baseline's COUNT(*) at 32 connections answers in 3-5 s)
still has requests in flight when wrk stops: the server keeps running them, and PostgreSQL
keeps scanning. Measured at once, the next cell would share the two cores with that backlog
and report its tail, not its own. So before each cell the harness waits until no query runs
in the benchmark's database and the servers' processes have stopped using CPU.
"""

import asyncio
import os
import time
from pathlib import Path

import asyncpg

# The servers count as idle below 5% of one core; two such samples in a row end the wait.
SAMPLE_SECONDS = 0.25
IDLE_CPU_SHARE = 0.05
MAX_WAIT_SECONDS = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

ACTIVE_QUERIES = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
  AND backend_type = 'client backend' AND state <> 'idle'
"""


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes have used so far (/proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


async def _active_queries(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(ACTIVE_QUERIES))
    finally:
        await conn.close()


def wait_until_idle(pids: list[int], dsn: str | None) -> float:
    """Block until the servers and the database are idle; the seconds waited."""
    started = time.monotonic()
    quiet_samples = 0
    before = cpu_seconds(pids)
    while quiet_samples < 2 and time.monotonic() - started < MAX_WAIT_SECONDS:
        time.sleep(SAMPLE_SECONDS)
        after = cpu_seconds(pids)
        busy = after - before > IDLE_CPU_SHARE * SAMPLE_SECONDS
        if not busy and dsn is not None:
            busy = asyncio.run(_active_queries(dsn)) > 0
        quiet_samples = 0 if busy else quiet_samples + 1
        before = cpu_seconds(pids)
    return time.monotonic() - started
