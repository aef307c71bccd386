"""Measure candidate designs for exact totals, common-term search and deep pages at scale.

    .venv/bin/python -m bench.prototypes        (on the otesse_bench dataset of `make bench`)

Builds throwaway structures (tables prefixed proto_), times each query from one client, prints
median and p99 in milliseconds, then drops them. Numbers go to docs/performance.md.
"""

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

DSN = os.environ.get("BENCH_DSN", "postgresql://postgres@127.0.0.1:5432/otesse_bench")
RUNS = int(os.environ.get("PROTO_RUNS", "30"))


async def timed(label: str, call: Callable[[], Awaitable[Any]], runs: int = RUNS) -> Any:
    result = await call()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{label:64} median {statistics.median(samples):8.2f} ms  p99 {p99:8.2f} ms  -> {result}")
    return result


SETUP = """
DROP TABLE IF EXISTS proto_counts, proto_search, proto_term_counts;
CREATE TABLE proto_counts (
    account_id varchar(40), mode varchar(4), status varchar(12), active_subscription boolean,
    slot smallint, n bigint NOT NULL,
    PRIMARY KEY (account_id, mode, status, active_subscription, slot));
INSERT INTO proto_counts
    SELECT account_id, mode, status, active_subscription, 0, count(*)
    FROM customers GROUP BY 1, 2, 3, 4;
CREATE TABLE proto_search (
    customer_id varchar(40) PRIMARY KEY, account_id varchar(40), mode varchar(4),
    search_text text);
INSERT INTO proto_search SELECT id, account_id, mode, search_text FROM customers;
CREATE INDEX proto_search_trgm ON proto_search USING gin (search_text gin_trgm_ops);
CREATE TABLE proto_term_counts (
    account_id varchar(40), mode varchar(4), term text, status varchar(12),
    active_subscription boolean, n bigint NOT NULL,
    PRIMARY KEY (account_id, mode, term, status, active_subscription));
"""


async def main() -> None:
    conn = await asyncpg.connect(DSN, server_settings={"plan_cache_mode": "force_custom_plan"})
    account = await conn.fetchval("SELECT id FROM accounts WHERE name = 'bench'")
    tenant = (account, "test")
    started = time.perf_counter()
    await conn.execute(SETUP)
    for table in ("proto_counts", "proto_search"):
        await conn.execute(f"VACUUM ANALYZE {table}")
    print(f"setup (copy to side tables, trigram index): {time.perf_counter() - started:.1f} s")
    where = "account_id = $1 AND mode = $2"

    if os.environ.get("PROTO_ONLY") == "write":
        await write_throughput(account)
        await cleanup(conn)
        return
    print("\n(a) exact totals")
    await timed(
        "COUNT(*) unfiltered",
        lambda: conn.fetchval(f"SELECT count(*) FROM customers WHERE {where}", *tenant),
    )
    await timed(
        "COUNT(*) status=active AND active_subscription",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM customers WHERE {where} "
            "AND status = 'active' AND active_subscription",
            *tenant,
        ),
    )
    await timed(
        "counter table: SUM(n) unfiltered",
        lambda: conn.fetchval(f"SELECT sum(n) FROM proto_counts WHERE {where}", *tenant),
    )
    await timed(
        "counter table: SUM(n) active + subscribed",
        lambda: conn.fetchval(
            f"SELECT sum(n) FROM proto_counts WHERE {where} "
            "AND status = 'active' AND active_subscription",
            *tenant,
        ),
    )

    print("\n(b) exact total of a common term ('john')")
    pattern = "%john%"
    await timed(
        "COUNT(*) customers ILIKE (trigram GIN, wide heap)",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM customers WHERE {where} AND search_text ILIKE $3",
            *tenant,
            pattern,
        ),
    )
    await timed(
        "COUNT(*) customers LIKE (already casefolded)",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM customers WHERE {where} AND search_text LIKE $3",
            *tenant,
            pattern,
        ),
    )
    await timed(
        "COUNT(*) narrow side table LIKE (own trigram GIN)",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM proto_search WHERE {where} AND search_text LIKE $3",
            *tenant,
            pattern,
        ),
    )
    started = time.perf_counter()
    await conn.execute(
        "INSERT INTO proto_term_counts SELECT account_id, mode, 'john', status, "
        "active_subscription, count(*) FROM customers WHERE account_id = $1 AND mode = $2 "
        "AND search_text LIKE '%john%' GROUP BY 1, 2, 3, 4, 5",
        *tenant,
    )
    print(
        f"{'term counter: registering john (one exact count)':64} "
        f"{(time.perf_counter() - started) * 1000:8.2f} ms"
    )
    await timed(
        "term counter: SUM(n) for 'john'",
        lambda: conn.fetchval(
            f"SELECT sum(n) FROM proto_term_counts WHERE {where} AND term = 'john'", *tenant
        ),
    )
    await timed(
        "page 1 of 'john' (newest first, LIMIT 25)",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM (SELECT id FROM customers "
            f"WHERE {where} AND search_text LIKE $3 "
            "ORDER BY created_at DESC, id DESC LIMIT 25) p",
            *tenant,
            pattern,
        ),
    )
    for term in ("papadopoulos", "8675"):
        await timed(
            f"COUNT(*) customers LIKE '%{term}%'",
            lambda term=term: conn.fetchval(
                f"SELECT count(*) FROM customers WHERE {where} AND search_text LIKE $3",
                *tenant,
                f"%{term}%",
            ),
        )
        await timed(
            f"page 1 of '{term}'",
            lambda term=term: conn.fetchval(
                f"SELECT count(*) FROM (SELECT id FROM customers WHERE {where} "
                "AND search_text LIKE $3 ORDER BY created_at DESC, id DESC LIMIT 25) p",
                *tenant,
                f"%{term}%",
            ),
        )

    print("\n(c) page 2,000 (OFFSET 49,975)")
    columns = "id, first_name, last_name, email, phone, status, created_at, updated_at"
    await timed(
        "OFFSET over full rows",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM (SELECT {columns} FROM customers "
            f"WHERE {where} ORDER BY created_at DESC, id DESC "
            "LIMIT 25 OFFSET 49975) p",
            *tenant,
        ),
    )
    await timed(
        "OFFSET in an index-only scan, then 25 rows by id",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM customers c JOIN (SELECT id FROM customers "
            f"WHERE {where} ORDER BY created_at DESC, id DESC LIMIT 25 OFFSET 49975) p "
            "USING (id)",
            *tenant,
        ),
    )
    boundary = await conn.fetchrow(
        f"SELECT created_at, id FROM customers WHERE {where} "
        "ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 49974",
        *tenant,
    )
    await timed(
        "keyset from a known boundary (created_at, id)",
        lambda: conn.fetchval(
            f"SELECT count(*) FROM (SELECT {columns} FROM customers WHERE {where} "
            "AND (created_at, id) < ($3, $4) ORDER BY created_at DESC, id DESC "
            "LIMIT 25) p",
            *tenant,
            boundary["created_at"],
            boundary["id"],
        ),
    )

    print("\n(d) write cost of the counter (8 clients, customer + address insert)")
    await write_throughput(account)

    await cleanup(conn)


async def cleanup(conn: Any) -> None:
    await conn.execute("DROP TABLE proto_counts, proto_search, proto_term_counts")
    await conn.execute("DELETE FROM addresses WHERE street = 'proto'")
    await conn.execute("DELETE FROM customers WHERE first_name = 'Proto'")
    await conn.close()


async def write_throughput(account: str) -> None:
    from ulid import ULID

    pool = await asyncpg.create_pool(DSN, min_size=8, max_size=8)
    seconds = float(os.environ.get("PROTO_WRITE_SECONDS", "5"))

    async def client(counter: bool, slots: int, done: list[int]) -> None:
        while time.perf_counter() < deadline:
            async with pool.acquire() as conn, conn.transaction():
                customer = f"cust_{ULID()}"
                await conn.execute(
                    "INSERT INTO customers (id, account_id, mode, first_name, last_name, email, "
                    "email_key, status, preferred_contact, marketing_opt_in, search_text, "
                    "total_bookings, total_spent, active_subscriptions, active_subscription, "
                    "send_invitation, created_at, updated_at) VALUES ($1, $2, 'test', 'Proto', "
                    "'Writer', $3, $3, 'active', 'email', false, $4, 0, 0, 0, false, false, "
                    "now(), now())",
                    customer,
                    account,
                    f"{customer.lower()}@example.com",
                    f"proto writer {customer.lower()}@example.com",
                )
                await conn.execute(
                    "INSERT INTO addresses (id, customer_id, account_id, mode, street, city, "
                    "state, zip, is_default, created_at, updated_at) VALUES ($1, $2, $3, 'test', "
                    "'proto', 'Eugene', 'OR', '97401', true, now(), now())",
                    f"addr_{ULID()}",
                    customer,
                    account,
                )
                if counter:
                    # Last statement before COMMIT: the row lock is held for the commit only.
                    await conn.execute(
                        "INSERT INTO proto_counts VALUES ($1, 'test', 'active', false, $2, 1) "
                        "ON CONFLICT (account_id, mode, status, active_subscription, slot) "
                        "DO UPDATE SET n = proto_counts.n + 1",
                        account,
                        int(time.perf_counter_ns() % slots),
                    )
            done.append(1)

    for label, counter, slots in (
        ("no counter", False, 1),
        ("one counter row", True, 1),
        ("counter spread over 8 slots", True, 8),
    ):
        done: list[int] = []
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(client(counter, slots, done) for _ in range(8)))
        print(f"{'create, ' + label:64} {len(done) / seconds:8.0f} /s")
    await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
