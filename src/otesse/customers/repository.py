"""Every query on customers (and the read of their addresses for rendering).

Read paths use Core selects returning mappings: one query for the customer(s), one for all
their addresses (on PostgreSQL, documents.py builds the JSON in one statement instead).
Writes use the ORM; a refused email fails the request (the route rolls back).
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    func,
    inspect,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.pagination import PageRequest
from otesse.core.queries import storable_id
from otesse.customer_counts import repository as counts
from otesse.customers.counter_reach import (
    counted_by_days,
    counters_can_answer,
    days_kept,
    kept_tag,
)
from otesse.customers.filters import SEARCH, CustomerFilters
from otesse.customers.representation import ADDRESS_COLUMNS, ADDRESS_ORDER_BY, CUSTOMER_COLUMNS
from otesse.models import Address, Customer
from otesse.models.base import conflict_naming_holder
from otesse.models.counters import counted_by_gram

Row = Mapping[Any, Any]


def columns_of(obj: object, columns: Sequence[Any]) -> dict[str, Any]:
    """An ORM object as the mapping a Core select of these columns would return."""
    return {column.key: getattr(obj, column.key) for column in columns}


def conditions(filters: CustomerFilters) -> list[ColumnElement[bool]]:
    tenant = [Customer.account_id == filters.account_id, Customer.mode == filters.mode]
    return tenant + [found.condition(value) for found, value in filters.chosen]


def page_subquery(filters: CustomerFilters, page: PageRequest) -> Subquery:
    """The ids (and sort keys) of the customers on the page, newest first.

    Only id and created_at are selected, so PostgreSQL skips a deep page's OFFSET inside the
    (account, mode[, status], created_at, id) index alone (an index-only scan) and the caller
    reads the full rows of the page only: page 2,000 reads 25 rows instead of 50,000
    (docs/performance.md, "deferred join").
    """
    return (
        select(Customer.id, Customer.created_at)
        .where(*conditions(filters))
        .order_by(Customer.created_at.desc(), Customer.id.desc())
        .offset(page.offset)
        .limit(page.per_page)
        .subquery("page")
    )


async def list_customer_rows(
    session: AsyncSession, filters: CustomerFilters, page: PageRequest
) -> Sequence[Row]:
    chosen = page_subquery(filters, page)
    query = (
        select(*CUSTOMER_COLUMNS)
        .join(chosen, chosen.c.id == Customer.id)
        .order_by(chosen.c.created_at.desc(), chosen.c.id.desc())
    )
    return (await session.execute(query)).mappings().all()


async def count_customers(session: AsyncSession, filters: CustomerFilters) -> int:
    """The exact number of customers matching the filters.

    Read from the counters the database keeps (:func:`kept_total`) when it can be; counted
    with SQL otherwise, and then :func:`note_count` registers a common search term so that
    its next totals are read too (docs/performance.md).
    """
    total = await kept_total(session, filters)
    if total is None:
        query = select(func.count()).select_from(Customer).where(*conditions(filters))
        total = int(await session.scalar(query) or 0)
        await note_count(session, filters, total)
    return total


async def kept_total(session: AsyncSession, filters: CustomerFilters) -> int | None:
    """The total from the counters (customer_counts, or a registered term's), or None when
    the filters ask what no counter keeps (counter_reach.counters_can_answer); one tag alone from
    its holders' counter."""
    tenant = {"account_id": filters.account_id, "mode": filters.mode}
    if (tag := kept_tag(filters)) is not None:
        return await counts.tag_total(session, **tenant, tag_key=tag)
    if not counters_can_answer(filters):
        return None
    kept = filters.counter_values()
    if counted_by_days(filters):
        days = days_kept(filters)
        total = await counts.day_total(
            session, **tenant, zone_id=days.zone_id, after_day=days.after_day, kept=kept
        )
        if days.since is not None:  # and the rest of its own day
            ends = [] if days.day_ends is None else [Customer.created_at < days.day_ends]
            query = select(func.count()).select_from(Customer).where(*conditions(filters), *ends)
            total += int(await session.scalar(query) or 0)
        return total
    if filters.search is None:
        return await counts.customer_total(session, **tenant, **kept)
    return await counts.term_total(session, **tenant, term=filters.search, **kept)


async def note_count(session: AsyncSession, filters: CustomerFilters, total: int) -> None:
    """After counting a search with SQL: a term matching at least REGISTER_AT_MATCHES
    customers is registered (its own short transaction), so it is not counted again; one
    counted by gram is kept already."""
    term = filters.search
    if term and total >= counts.REGISTER_AT_MATCHES and not counted_by_gram(term):
        await counts.register_term_apart(
            session,
            account_id=filters.account_id,
            mode=filters.mode,
            term=term,
            matches=SEARCH.condition(term),
            total=total,
        )


async def get_customer_row(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> Row | None:
    if not storable_id(customer_id):
        return None
    query = select(*CUSTOMER_COLUMNS).where(
        Customer.id == customer_id, Customer.account_id == account_id, Customer.mode == mode
    )
    return (await session.execute(query)).mappings().first()


async def customer_rows(
    session: AsyncSession, *, account_id: str, mode: str, customer_ids: Sequence[str]
) -> list[Row]:
    wanted = [customer_id for customer_id in customer_ids if storable_id(customer_id)]
    if not wanted:
        return []
    query = select(*CUSTOMER_COLUMNS).where(
        Customer.id.in_(wanted), Customer.account_id == account_id, Customer.mode == mode
    )
    return list((await session.execute(query)).mappings().all())


async def addresses_by_customer(
    session: AsyncSession, customer_ids: Sequence[str]
) -> dict[str, list[Row]]:
    """All addresses of these customers in one query, in ADDRESS_ORDER."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    if not customer_ids:
        return grouped
    query = (
        select(*ADDRESS_COLUMNS)
        .where(Address.customer_id.in_(customer_ids))
        .order_by(*ADDRESS_ORDER_BY)
    )
    for row in (await session.execute(query)).mappings():
        grouped[row["customer_id"]].append(row)
    return grouped


async def insert_customer(session: AsyncSession, customer: Customer) -> None:
    """Insert the customer; a unique index it violates answers its declared 409
    (models/customers.py: uq_customers_email, 409 email_taken).

    The unique index decides, so two concurrent creates cannot both succeed: on PostgreSQL the
    second INSERT waits for the first transaction and then fails.
    """
    await _flush_or_conflict(session, customer, lambda: session.add(customer))


async def update_customer(
    session: AsyncSession, customer: Customer, values: Mapping[str, Any]
) -> None:
    """Write these column values to a locked customer (a violated unique index: its 409)."""

    def apply() -> None:
        for column, value in values.items():
            setattr(customer, column, value)

    await _flush_or_conflict(session, customer, apply)


async def _flush_or_conflict(
    session: AsyncSession, customer: Customer, change: Callable[[], None]
) -> None:
    # No SAVEPOINT (two round trips on every create): a refused write fails the whole
    # request with 409 and its transaction is rolled back, so nothing after the refusal
    # needs it (the 409's existing_id is read in a fresh one).
    change()
    # The values as written, kept for the message: a failed flush expires the instance.
    written = dict(inspect(customer).dict)
    try:
        await session.flush()
    except IntegrityError as error:
        conflict = await conflict_naming_holder(session, error, written)
        if conflict is None:
            raise
        raise conflict from None
