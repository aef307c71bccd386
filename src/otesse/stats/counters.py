"""The list's counters against a recount of the rows they count: the other half of
``otesse stats verify``.

Every total the customers list reads from a counter (customer_counts, customer_day_counts,
customer_tag_counts, a registered term's customer_term_counts, customer_gram_counts), and the
Bookings list from
booking_counts, must equal what counting the
rows would give; the triggers keep them so in the writing transaction. This recounts each
from scratch (a scan of the tables, on purpose) and lists the keys whose sums differ.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import PerDialect
from otesse.models.bookings import BOOKING_COUNTS
from otesse.models.counters import GRAM_KEY, gram_spans


@dataclass(frozen=True, slots=True)
class CounterDifference:
    table: str
    key: tuple[str, ...]
    stored: int
    expected: int

    def describe(self) -> str:
        return f"{self.table}\t{'/'.join(self.key)}\tstored={self.stored}\texpected={self.expected}"


@dataclass(frozen=True, slots=True)
class Counter:
    table: str
    key: str  # the counter's key columns, as the recount names them too
    recount: str  # a SELECT of the key columns and the expected count


@dataclass(frozen=True, slots=True)
class Dialect:
    day: str  # the UTC day of customer `c`'s creation, as customer_day_counts keys it
    contains: str  # customer `c`'s search text holds term row `t`'s term
    booking_key: str  # booking_counts' key of a booking (models/bookings.BOOKING_COUNTS)
    gram_spans: str  # search_gram_spans `s` joined to customer `c`'s grams (models/counters.py)


DIALECTS = PerDialect(
    sqlite=Dialect(
        day="substr(c.created_at, 1, 10)",
        contains="instr(c.search_text, t.term) > 0",
        booking_key=BOOKING_COUNTS.values(postgresql=False),
        gram_spans=gram_spans("c", "sqlite"),
    ),
    postgresql=Dialect(
        day="(c.created_at AT TIME ZONE 'UTC')::date",
        contains="strpos(c.search_text, t.term) > 0",
        booking_key=BOOKING_COUNTS.values(postgresql=True),
        gram_spans=gram_spans("c", "postgresql"),
    ),
)

CUSTOMER_KEY = "account_id, mode, status, active_subscription"
DAY_KEY = "account_id, mode, zone_id, created_day, status, active_subscription"
TERM_KEY = "account_id, mode, term, status, active_subscription"
# Each recount names its tables' aliases (c customers, a addresses, g customer_tags,
# t customer_term_counts, b bookings); {c} and the like become a tenant's condition on that
# alias, or none (recount()).
COUNTERS = (
    Counter(
        "customer_counts",
        CUSTOMER_KEY,
        f"SELECT {CUSTOMER_KEY}, count(*) AS n FROM customers c WHERE {{c}} "  # noqa: S608
        f"GROUP BY {CUSTOMER_KEY}",
    ),
    Counter(
        "customer_day_counts",
        DAY_KEY,
        # Every customer once (zone ''), and once per zone it has an address in.
        f"SELECT {DAY_KEY}, count(*) AS n "  # noqa: S608
        "FROM (SELECT c.account_id, c.mode, '' AS zone_id, {day} AS created_day, c.status, "
        "c.active_subscription FROM customers c WHERE {c} UNION ALL SELECT c.account_id, "
        "c.mode, z.zone_id, {day}, c.status, c.active_subscription FROM (SELECT DISTINCT "
        "a.customer_id, a.zone_id FROM addresses a WHERE a.zone_id IS NOT NULL AND {a}) z "
        f"JOIN customers c ON c.id = z.customer_id) counted GROUP BY {DAY_KEY}",
    ),
    Counter(
        "customer_tag_counts",
        "account_id, mode, tag_key",
        "SELECT account_id, mode, tag_key, count(*) AS n FROM customer_tags g WHERE {g} "
        "GROUP BY account_id, mode, tag_key",
    ),
    Counter(
        "customer_term_counts",
        TERM_KEY,
        "SELECT t.account_id, t.mode, t.term, t.status, t.active_subscription, "
        "(SELECT count(*) FROM customers c WHERE c.account_id = t.account_id "
        "AND c.mode = t.mode AND c.status = t.status "
        "AND c.active_subscription = t.active_subscription AND {contains}) AS n "
        "FROM customer_term_counts t WHERE {t}",
    ),
    Counter(
        "customer_gram_counts",
        GRAM_KEY,
        "SELECT c.account_id, c.mode, substr(c.search_text, s.start, s.width) AS gram, "
        "c.status, c.active_subscription, count(*) AS n FROM customers c "
        "JOIN search_gram_spans s ON {gram_spans} WHERE {c} GROUP BY 1, 2, 3, 4, 5",
    ),
    Counter(
        "booking_counts",
        BOOKING_COUNTS.columns,
        "SELECT {booking_key}, count(*) AS n FROM bookings b WHERE {b} GROUP BY 1, 2, 3, 4",
    ),
)
BY_TABLE = {counter.table: counter for counter in COUNTERS}


def recount(counter: Counter, dialect: Dialect, *, tenant: tuple[str, str] | None = None) -> str:
    """The counter's recount: its key columns and ``n``. ``tenant`` (two placeholders, such
    as ("$1", "$2")) keeps one tenant's rows: the seed recounts the tenant it loaded."""

    def rows_of(alias: str) -> str:
        if tenant is None:
            return "1 = 1"
        return f"{alias}.account_id = {tenant[0]} AND {alias}.mode = {tenant[1]}"

    return counter.recount.format(
        day=dialect.day,
        contains=dialect.contains,
        booking_key=dialect.booking_key,
        gram_spans=dialect.gram_spans,
        **{alias: rows_of(alias) for alias in ("c", "a", "g", "t", "b")},
    )


async def find_counter_differences(session: AsyncSession) -> list[CounterDifference]:
    dialect = DIALECTS.of(session)
    differences: list[CounterDifference] = []
    for counter in COUNTERS:
        stored = await _sums(
            session,
            f"SELECT {counter.key}, sum(n) FROM {counter.table} GROUP BY {counter.key}",  # noqa: S608
        )
        expected = await _sums(session, recount(counter, dialect))
        for key in sorted(stored.keys() | expected.keys()):
            if stored.get(key, 0) != expected.get(key, 0):
                differences.append(
                    CounterDifference(counter.table, key, stored.get(key, 0), expected.get(key, 0))
                )
    return differences


async def _sums(session: AsyncSession, statement: str) -> Mapping[tuple[str, ...], int]:
    rows = await session.execute(text(statement))
    return {tuple(_key(value) for value in key): int(n) for *key, n in rows}


def _key(value: Any) -> str:
    # Booleans come back as 0/1 on SQLite and days as text: one spelling for both.
    if isinstance(value, bool | int):
        return str(bool(value)).lower()
    return str(value)
