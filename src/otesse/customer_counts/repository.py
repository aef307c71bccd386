"""Exact totals for the customers list, read from counters the database keeps.

The triggers of migration 0002 move `customer_counts` and `customer_term_counts` in the
transaction of every write to `customers`, so these reads are exact, and cost a few index rows
instead of counting the tenant's customers (docs/performance.md).

customer_gram_counts (migration 0024) counts every 1- and 2-character piece of the customers'
search texts, so a term that short, which no trigram index serves, is never counted with SQL.
customer_day_counts (migration 0021) keeps the same counts by creation day, for all the
tenant's customers and per zone, for `created_after` and `zone_id`. Filters they cannot
answer (an unregistered search term, a search or a tag beside a zone or date, tags but for
one tag alone, whose holders customer_tag_counts keeps) are the caller's to count with SQL.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import asyncpg
from sqlalchemy import ColumnElement, ScalarSelect, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import WRITER, PerDialect, driver_connection
from otesse.core.db_errors import caused_by
from otesse.models import (
    Customer,
    CustomerCount,
    CustomerDayCount,
    CustomerGramCount,
    CustomerTagCount,
    CustomerTermCount,
)
from otesse.models.counters import counted_by_gram

STATUSES = ("active", "inactive", "deactivated", "merged", "erased")
# A term is worth registering when counting it is expensive (it matches many customers), and
# a tenant keeps a bounded number of them: each costs a substring test per customer write.
REGISTER_AT_MATCHES = 2_000
MAX_TERMS_PER_TENANT = 256
# A lock wait that ran out (lock_timeout) or a deadlock the server broke.
LOCK_WAIT_ERRORS = (asyncpg.exceptions.LockNotAvailableError,)
_LOCK = "hashtext('customer_counts:' || :account_id || ':' || :mode)"


@dataclass(frozen=True, slots=True)
class NoneOf:
    """A kept value meaning "any but these" (the list's default: every status but the
    unlisted ones, customers/filters.UNLISTED_STATUSES)."""

    values: tuple[str, ...]


Kept = Mapping[str, object]  # a counter column (status, active_subscription) -> its value
Registration = Callable[[AsyncSession], Awaitable[bool]]


def kept_condition(column: Any, value: object) -> Any:
    """``column = value``, or ``column NOT IN values`` for a :class:`NoneOf`."""
    return column.not_in(value.values) if isinstance(value, NoneOf) else column == value


def customer_total_query(*, account_id: str, mode: str, kept: Kept) -> ScalarSelect[int]:
    """:func:`customer_total` as a scalar subquery, to ride along with another statement."""
    table = CustomerCount.__table__.c
    return (
        select(func.coalesce(func.sum(CustomerCount.n), 0))
        .where(CustomerCount.account_id == account_id, CustomerCount.mode == mode)
        .where(*(kept_condition(table[column], value) for column, value in kept.items()))
        .scalar_subquery()
    )


async def customer_total(
    session: AsyncSession, *, account_id: str, mode: str, **kept: object
) -> int:
    """How many customers the tenant has, optionally by the counters' columns (``kept``:
    status, active_subscription)."""
    query = customer_total_query(account_id=account_id, mode=mode, kept=kept)
    return int(await session.scalar(select(query)) or 0)


async def tag_total(session: AsyncSession, *, account_id: str, mode: str, tag_key: str) -> int:
    """How many of the tenant's customers hold the tag (customer_tag_counts, migration 0018)."""
    query = select(func.coalesce(func.sum(CustomerTagCount.n), 0)).where(
        CustomerTagCount.account_id == account_id,
        CustomerTagCount.mode == mode,
        CustomerTagCount.tag_key == tag_key,
    )
    return int(await session.scalar(query) or 0)


async def day_total(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    zone_id: str,
    after_day: date | None,
    kept: Kept,
) -> int:
    """How many of the tenant's customers (or of those in the zone, ``zone_id`` not '')
    were created on the days after ``after_day`` (any day when None), optionally by the
    counters' columns (customer_day_counts, migration 0021)."""
    table = CustomerDayCount.__table__.c
    query = select(func.coalesce(func.sum(CustomerDayCount.n), 0)).where(
        CustomerDayCount.account_id == account_id,
        CustomerDayCount.mode == mode,
        CustomerDayCount.zone_id == zone_id,
        *(kept_condition(table[column], value) for column, value in kept.items()),
    )
    if after_day is not None:
        query = query.where(CustomerDayCount.created_day > after_day)
    return int(await session.scalar(query) or 0)


async def term_total(
    session: AsyncSession, *, account_id: str, mode: str, term: str, **kept: object
) -> int | None:
    """Customers whose search_text contains the (normalised) term, or None when the term is
    not registered; optionally by the counters' columns (``kept``). A term of 1 or 2
    characters is always kept, by gram."""
    by_gram = counted_by_gram(term)
    table = (CustomerGramCount if by_gram else CustomerTermCount).__table__.c
    query = select(func.count(), func.coalesce(func.sum(table.n), 0)).where(
        table.account_id == account_id,
        table.mode == mode,
        table["gram" if by_gram else "term"] == term,
        *(kept_condition(table[column], value) for column, value in kept.items()),
    )
    row = (await session.execute(query)).one()
    return int(row[1]) if row[0] or by_gram else None


async def register_term(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    term: str,
    matches: ColumnElement[bool],
    total: int,
) -> bool:
    """Start keeping the term's count (``total``: its matches, just counted); False when the
    tenant keeps its maximum of terms already, each matching more customers than this one.

    ``matches`` is the list's own search condition for the term (customers/filters.SEARCH),
    so the registration counts with the index the list uses, and exactly the rows the list
    would: counting with a plain substring test scanned the whole tenant while holding its
    lock, and concurrent registrations gave way (docs/performance.md, "Registrations that
    gave way").

    Takes the tenant's advisory lock exclusively: writers take it shared in the trigger, so
    this waits for every write in flight and none starts until this transaction ends; the
    count therefore matches the rows that every later write will move. On SQLite writers are
    serialised by BEGIN IMMEDIATE already. Call it in a short transaction.
    """
    tenant = {"account_id": account_id, "mode": mode}
    await TERMS.of(session).lock_tenant(session, tenant)
    terms = (
        await session.execute(
            text(
                "SELECT count(DISTINCT term), count(*) FILTER (WHERE term = :term) "
                "FROM customer_term_counts WHERE account_id = :account_id AND mode = :mode"
            ),
            {**tenant, "term": term},
        )
    ).one()
    if terms[1]:
        return True  # registered meanwhile by a concurrent request
    if int(terms[0]) >= MAX_TERMS_PER_TENANT and not await _make_room(session, tenant, total=total):
        return False
    # One pass over the matching customers, grouped by the counters' columns.
    counted: dict[tuple[str, bool], int] = {
        (status, subscribed): n
        for status, subscribed, n in await session.execute(
            select(Customer.status, Customer.active_subscription, func.count())
            .where(Customer.account_id == account_id, Customer.mode == mode, matches)
            .group_by(Customer.status, Customer.active_subscription)
        )
    }
    # A row for every pair, the missing ones at 0: the trigger only moves rows that exist.
    rows = [
        {
            **tenant,
            "term": term,
            "status": status,
            "active_subscription": subscribed,
            "n": counted.get((status, subscribed), 0),
            "registered_at": func.current_timestamp(),
        }
        for status in STATUSES
        for subscribed in (False, True)
    ]
    await session.execute(insert(CustomerTermCount).values(rows))
    return True


async def _make_room(session: AsyncSession, tenant: Mapping[str, str], *, total: int) -> bool:
    """At the maximum: drop the kept term with the fewest matches when this one has more, so
    the kept terms are the dearest to count that the tenant was searched for (typing makes
    new terms without end)."""
    cheapest = (
        await session.execute(
            text(
                "SELECT term, sum(n) FROM customer_term_counts "
                "WHERE account_id = :account_id AND mode = :mode GROUP BY term "
                "ORDER BY sum(n), term LIMIT 1"
            ),
            tenant,
        )
    ).one()
    if int(cheapest[1]) >= total:
        return False
    await session.execute(
        text(
            "DELETE FROM customer_term_counts "
            "WHERE account_id = :account_id AND mode = :mode AND term = :term"
        ),
        {**tenant, "term": cheapest[0]},
    )
    return True


# How long a registration waits for the writes in flight (they hold the tenant's lock
# shared): registering is only a saving, so a busy tenant's reader answers with the count it
# made and a later search registers the term.
REGISTER_LOCK_WAIT = "100ms"


async def register_term_apart(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    term: str,
    matches: ColumnElement[bool],
    total: int,
) -> bool:
    """:func:`register_term` in a short transaction of its own; False when it did not happen."""
    return await TERMS.of(session).apart(
        session,
        lambda own: register_term(
            own, account_id=account_id, mode=mode, term=term, matches=matches, total=total
        ),
    )


# What registering a term does differently on each database, in one place.


class TermsDialect(Protocol):
    async def lock_tenant(self, session: AsyncSession, tenant: Mapping[str, str]) -> None:
        """Make the tenant's writers wait until this transaction ends."""

    async def apart(self, session: AsyncSession, work: Registration) -> bool:
        """Run ``work`` in a short transaction of its own where the request's may not be."""


class _TermsOnSqlite:
    async def lock_tenant(self, session: AsyncSession, tenant: Mapping[str, str]) -> None:
        """Nothing to take: BEGIN IMMEDIATE serialises SQLite's writers already."""

    async def apart(self, session: AsyncSession, work: Registration) -> bool:
        # A read's transaction is deferred and cannot write, so the registration takes a
        # write session (another pool: no starvation); a write's own transaction already
        # holds the database's write lock and registers in place.
        writer = session.info.get(WRITER)
        if writer is None:
            return await work(session)
        async with writer() as apart, apart.begin():
            return await work(apart)


class _TermsOnPostgresql:
    async def lock_tenant(self, session: AsyncSession, tenant: Mapping[str, str]) -> None:
        await session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"), tenant)

    async def apart(self, session: AsyncSession, work: Registration) -> bool:
        # Inside a write's transaction it is skipped (holding the tenant's lock until that
        # write ends would stall every writer); it waits for writes in flight only briefly.
        if WRITER not in session.info:
            return False  # a write's session (read sessions know their writer)
        try:
            if session.get_bind().get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                # Through PgBouncer a read runs in a transaction that writes nothing else
                # (core/db.py): a savepoint of it; the tenant's lock is held until the read
                # answers (its one remaining statement).
                async with session.begin_nested():
                    await session.execute(text(f"SET LOCAL lock_timeout = '{REGISTER_LOCK_WAIT}'"))
                    return await work(session)
            # A read runs without a transaction: the registration opens one on the request's
            # own connection (a second pooled connection, held with the first, starves the
            # pool when many requests register at once).
            connection = await driver_connection(session)
            if connection.is_in_transaction():
                return False
            async with connection.transaction():
                await session.execute(text(f"SET LOCAL lock_timeout = '{REGISTER_LOCK_WAIT}'"))
                return await work(session)
        except DBAPIError as error:
            if caused_by(error, LOCK_WAIT_ERRORS):
                return False
            raise


TERMS: PerDialect[TermsDialect] = PerDialect(
    sqlite=_TermsOnSqlite(), postgresql=_TermsOnPostgresql()
)
