"""Exact totals for the customers list, read from counters the database keeps.

The triggers of migration 0002 move `customer_counts` and `customer_term_counts` in the
transaction of every write to `customers`, so these reads are exact, and cost a few index rows
instead of counting the tenant's customers (docs/performance.md).

Filters they cannot answer (zone_id, created_after, an unregistered search term) are the
caller's to count with SQL.
"""

from collections.abc import Mapping

from sqlalchemy import ScalarSelect, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from otesse.models import CustomerCount, CustomerTermCount

STATUSES = ("active", "inactive", "deactivated")
# A term is worth registering when counting it is expensive (it matches many customers), and
# a tenant keeps a bounded number of them: each costs a substring test per customer write.
REGISTER_AT_MATCHES = 2_000
MAX_TERMS_PER_TENANT = 256
_LOCK = "hashtext('customer_counts:' || :account_id || ':' || :mode)"


Kept = Mapping[str, object]  # a counter column (status, active_subscription) -> its value


def customer_total_query(
    *, account_id: str, mode: str, kept: Kept, hidden_status: str | None = None
) -> ScalarSelect[int]:
    """:func:`customer_total` as a scalar subquery, to ride along with another statement."""
    table = CustomerCount.__table__.c
    hidden = [] if hidden_status is None else [CustomerCount.status != hidden_status]
    return (
        select(func.coalesce(func.sum(CustomerCount.n), 0))
        .where(CustomerCount.account_id == account_id, CustomerCount.mode == mode, *hidden)
        .where(*(table[column] == value for column, value in kept.items()))
        .scalar_subquery()
    )


async def customer_total(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    hidden_status: str | None = None,
    **kept: object,
) -> int:
    """How many customers the tenant has, optionally by the counters' columns (``kept``:
    status, active_subscription), leaving out those of ``hidden_status``."""
    query = customer_total_query(
        account_id=account_id, mode=mode, kept=kept, hidden_status=hidden_status
    )
    return int(await session.scalar(select(query)) or 0)


async def term_total(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    term: str,
    hidden_status: str | None = None,
    **kept: object,
) -> int | None:
    """Customers whose search_text contains the (normalised) term, or None when the term is
    not registered; optionally by the counters' columns (``kept``), leaving out those of
    ``hidden_status``."""
    table = CustomerTermCount.__table__.c
    hidden = [] if hidden_status is None else [CustomerTermCount.status != hidden_status]
    query = select(func.count(), func.coalesce(func.sum(CustomerTermCount.n), 0)).where(
        CustomerTermCount.account_id == account_id,
        CustomerTermCount.mode == mode,
        CustomerTermCount.term == term,
        *hidden,
        *(table[column] == value for column, value in kept.items()),
    )
    row = (await session.execute(query)).one()
    return int(row[1]) if row[0] else None


async def register_term(session: AsyncSession, *, account_id: str, mode: str, term: str) -> bool:
    """Start keeping the term's count; False when the tenant has its maximum already.

    Takes the tenant's advisory lock exclusively: writers take it shared in the trigger, so
    this waits for every write in flight and none starts until this transaction ends; the
    count therefore matches the rows that every later write will move. On SQLite writers are
    serialised by BEGIN IMMEDIATE already. Call it in a short transaction.
    """
    tenant = {"account_id": account_id, "mode": mode}
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"), tenant)
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
    if int(terms[0]) >= MAX_TERMS_PER_TENANT:
        return False
    contains = (
        "strpos(search_text, CAST(:term AS TEXT)) > 0"
        if session.get_bind().dialect.name == "postgresql"
        else "instr(search_text, :term) > 0"
    )
    params = {**tenant, "term": term}
    # One pass over the matching customers, grouped; then zero rows for the missing pairs
    # (the trigger only moves rows that exist).
    await session.execute(
        text(
            "INSERT INTO customer_term_counts (account_id, mode, term, status, "  # noqa: S608
            "active_subscription, n, registered_at) SELECT account_id, mode, "
            "CAST(:term AS TEXT), status, active_subscription, count(*), CURRENT_TIMESTAMP "
            "FROM customers WHERE account_id = :account_id AND mode = :mode "
            f"AND {contains} GROUP BY account_id, mode, status, active_subscription"
        ),
        params,
    )
    for status in STATUSES:
        for subscribed in (False, True):
            await session.execute(
                text(
                    "INSERT INTO customer_term_counts (account_id, mode, term, status, "
                    "active_subscription, n, registered_at) VALUES (:account_id, :mode, "
                    ":term, :status, :subscribed, 0, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING"
                ),
                {**params, "status": status, "subscribed": subscribed},
            )
    return True


async def register_term_apart(
    session: AsyncSession, *, account_id: str, mode: str, term: str
) -> bool:
    """:func:`register_term` in its own short transaction on PostgreSQL (the request's
    session may be a read without one); on SQLite in the request's own transaction, which
    already holds the database's write lock."""
    if session.get_bind().dialect.name != "postgresql":
        return await register_term(session, account_id=account_id, mode=mode, term=term)
    bind = session.bind
    assert isinstance(bind, AsyncEngine), "sessions are bound to the engine"
    engine = bind.execution_options(isolation_level="READ COMMITTED")
    async with AsyncSession(engine) as apart, apart.begin():
        return await register_term(apart, account_id=account_id, mode=mode, term=term)
