"""Get one customer: Python CPU per request of two lean shapes (asyncpg, no HTTP).

    .venv/bin/python -m bench.prototype_get

(1) the baseline's: customer row + addresses rows, dicts, orjson;
(2) one statement that returns the finished JSON text from PostgreSQL (json_build_object +
    a json_agg of the addresses), passed through as bytes.
"""

import asyncio
import os
import random
import time
from typing import Any

import asyncpg
import orjson

from bench.baseline.app import ADDRESS_COLUMNS, CUSTOMER_COLUMNS, render

DSN = os.environ.get("BENCH_DSN", "postgresql://postgres@127.0.0.1:5432/otesse_bench")
SECONDS = float(os.environ.get("PROTO_SECONDS", "5"))

STAMP = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
ONE_JSON = f"""
SELECT json_build_object(
  'id', c.id, 'first_name', c.first_name, 'last_name', c.last_name, 'email', c.email,
  'phone', c.phone, 'status', c.status,
  'addresses', coalesce((SELECT json_agg(json_build_object(
      'id', a.id, 'label', a.label, 'street', a.street, 'city', a.city, 'state', a.state,
      'zip', a.zip, 'access_notes', a.access_notes, 'is_default', a.is_default,
      'zone_id', a.zone_id, 'created_at', {STAMP.format("a.created_at")},
      'updated_at', {STAMP.format("a.updated_at")})
      ORDER BY a.is_default DESC, a.created_at, a.id)
    FROM addresses a WHERE a.customer_id = c.id), '[]'::json),
  'preferences', json_build_object('preferred_contact', c.preferred_contact,
                                   'marketing_opt_in', c.marketing_opt_in),
  'stats', json_build_object('total_bookings', c.total_bookings, 'total_spent', c.total_spent,
      'last_booking_at', {STAMP.format("c.last_booking_at")},
      'active_subscription', c.active_subscription),
  'invitation', CASE WHEN c.invitation_status IS NULL THEN NULL ELSE json_build_object(
      'status', c.invitation_status, 'sent_at', {STAMP.format("c.invitation_sent_at")}) END,
  'created_at', {STAMP.format("c.created_at")}, 'updated_at', {STAMP.format("c.updated_at")}
)::text
FROM customers c WHERE c.id = $1 AND c.account_id = $2 AND c.mode = $3
"""


async def measure(pool: Any, shape: Any, ids: list[str]) -> tuple[int, float]:
    """Requests done by 4 concurrent clients in SECONDS, and the process CPU they used."""
    done = 0
    cpu = time.process_time()
    deadline = time.perf_counter() + SECONDS

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            async with pool.acquire() as conn:
                await shape(conn, random.choice(ids))
            done += 1

    await asyncio.gather(*(client() for _ in range(4)))
    return done, time.process_time() - cpu


async def main() -> None:
    pool = await asyncpg.create_pool(DSN, min_size=4, max_size=4)
    async with pool.acquire() as conn:
        account = await conn.fetchval("SELECT id FROM accounts WHERE name = 'bench'")
        ids = [
            r["id"]
            for r in await conn.fetch("SELECT id FROM customers TABLESAMPLE SYSTEM (1) LIMIT 2000")
        ]

    async def two_queries(conn: asyncpg.Connection, cid: str) -> bytes:
        row = await conn.fetchrow(
            f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = $1 AND account_id = $2 "
            "AND mode = $3",
            cid,
            account,
            "test",
        )
        addresses = await conn.fetch(
            f"SELECT {ADDRESS_COLUMNS} FROM addresses WHERE customer_id = $1 "
            "ORDER BY is_default DESC, created_at, id",
            cid,
        )
        return orjson.dumps(render(row, list(addresses)))

    async def one_json(conn: asyncpg.Connection, cid: str) -> bytes:
        return str(await conn.fetchval(ONE_JSON, cid, account, "test")).encode()

    async with pool.acquire() as conn:
        a = orjson.loads(await two_queries(conn, ids[0]))
        b = orjson.loads(await one_json(conn, ids[0]))
        assert a == b, (a, b)
    for label, shape in (
        ("two queries + orjson", two_queries),
        ("one statement, JSON text", one_json),
    ):
        done, used = await measure(pool, shape, ids)
        print(
            f"{label:28} {done / SECONDS:7.0f}/s   Python CPU {used / done * 1e6:6.0f} us/request"
        )
    await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
