"""The seed's recount of the list's counters for the tenant it loaded (PostgreSQL).

The seed loads with the counting triggers off (load.COUNT_TRIGGERS): counting row by row
would double the load, so each counter is recounted once from the rows, as
`otesse stats verify` recounts it (stats/counters.py).
"""

from typing import Any

from otesse.models.bookings import BOOKING_COUNTS
from otesse.models.counters import GRAM_KEY
from otesse.stats.counters import BY_TABLE, CUSTOMER_KEY, DAY_KEY, DIALECTS, TERM_KEY, recount

TENANT = "account_id = $1 AND mode = $2"
# Counters rebuilt whole for the tenant, one slot: their table and key columns.
REBUILT = (("customer_day_counts", DAY_KEY), ("customer_gram_counts", GRAM_KEY))


def _recount(table: str) -> str:
    """The tenant's recount of a counter, as `otesse stats verify` recounts it."""
    return recount(BY_TABLE[table], DIALECTS.postgresql, tenant=("$1", "$2"))


async def recount_tenant(conn: Any, account_id: str, mode: str) -> None:
    """The tenant's counters from its rows, in the seed's transaction: the seed holds the
    lock that ALTER TABLE took, so no other write can slip in between."""
    tenant = (account_id, mode)
    # `changes` (migration 0004) must only grow: the recount starts above the tenant's sum.
    changes = await conn.fetchval(
        f"SELECT coalesce(sum(changes), 0) + 1 FROM customer_counts WHERE {TENANT}",  # noqa: S608
        *tenant,
    )
    await conn.execute(f"DELETE FROM customer_counts WHERE {TENANT}", *tenant)  # noqa: S608
    await conn.execute(
        "INSERT INTO customer_counts "  # noqa: S608 - constants only
        f"({CUSTOMER_KEY}, slot, n, changes) SELECT {CUSTOMER_KEY}, 0, n, $3 "
        f"FROM ({_recount('customer_counts')}) r",
        *tenant,
        changes,
    )
    for table, key in REBUILT:
        await conn.execute(f"DELETE FROM {table} WHERE {TENANT}", *tenant)  # noqa: S608
        await conn.execute(
            f"INSERT INTO {table} ({key}, slot, n) "  # noqa: S608 - constants only
            f"SELECT {key}, 0, n FROM ({_recount(table)}) r",
            *tenant,
        )
    # A registered term keeps its rows (and its place); only their counts are recounted.
    await conn.execute(
        f"UPDATE customer_term_counts u SET n = r.n "  # noqa: S608 - constants only
        f"FROM ({_recount('customer_term_counts')}) r "
        f"WHERE ({', '.join(f'u.{column}' for column in TERM_KEY.split(', '))}) "
        f"= ({', '.join(f'r.{column}' for column in TERM_KEY.split(', '))})",
        *tenant,
    )
    # booking_counts (migration 0022): bookings by status and UTC day of scheduled_at.
    await conn.execute(f"DELETE FROM booking_counts WHERE {TENANT}", *tenant)  # noqa: S608
    await conn.execute(BOOKING_COUNTS.backfill(postgresql=True, where=TENANT), *tenant)
