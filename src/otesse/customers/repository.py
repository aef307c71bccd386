"""Every query on customers (and the read of their addresses for rendering).

Read paths use Core selects returning mappings: one query for the customer(s), one for all
their addresses. Writes use the ORM, flushed inside a SAVEPOINT where the database may refuse
them, so the request's transaction stays usable.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.pagination import PageRequest
from otesse.models import Address, Customer

Row = Mapping[Any, Any]

CUSTOMER_COLUMNS = (
    Customer.id,
    Customer.first_name,
    Customer.last_name,
    Customer.email,
    Customer.phone,
    Customer.status,
    Customer.preferred_contact,
    Customer.marketing_opt_in,
    Customer.total_bookings,
    Customer.total_spent,
    Customer.last_booking_at,
    Customer.active_subscription,
    Customer.invitation_status,
    Customer.invitation_sent_at,
    Customer.created_at,
    Customer.updated_at,
)
ADDRESS_COLUMNS = (
    Address.id,
    Address.customer_id,
    Address.label,
    Address.street,
    Address.city,
    Address.state,
    Address.zip,
    Address.access_notes,
    Address.is_default,
    Address.zone_id,
    Address.created_at,
    Address.updated_at,
)


MAX_ID_LENGTH = 40


def storable_id(value: str) -> bool:
    """Whether a client-given id could be one of ours; one that cannot (NUL, too long) is
    answered as missing without asking the database, which would refuse it."""
    return len(value) <= MAX_ID_LENGTH and "\x00" not in value


@dataclass(frozen=True, slots=True)
class CustomerFilters:
    account_id: str
    mode: str
    search: str | None = None
    status: str | None = None
    created_after: datetime | None = None
    has_subscription: bool | None = None
    zone_id: str | None = None


def like_pattern(term: str) -> str:
    """A LIKE pattern finding ``term`` anywhere, its wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(filters: CustomerFilters) -> list[ColumnElement[bool]]:
    conditions = [Customer.account_id == filters.account_id, Customer.mode == filters.mode]
    if filters.search:
        # The pattern is built here, not concatenated in SQL, so PostgreSQL's planner sees a
        # plain constant and can use the trigram index.
        conditions.append(Customer.search_text.like(like_pattern(filters.search), escape="\\"))
    if filters.status is not None:
        conditions.append(Customer.status == filters.status)
    if filters.created_after is not None:
        conditions.append(Customer.created_at >= filters.created_after)
    if filters.has_subscription is not None:
        # "= true", not "IS true": only equality can use ix_customers_subscribed_newest.
        conditions.append(Customer.active_subscription == filters.has_subscription)
    if filters.zone_id is not None:
        conditions.append(
            exists().where(Address.customer_id == Customer.id, Address.zone_id == filters.zone_id)
        )
    return conditions


async def list_customer_rows(
    session: AsyncSession, filters: CustomerFilters, page: PageRequest
) -> Sequence[Row]:
    query = (
        select(*CUSTOMER_COLUMNS)
        .where(*_conditions(filters))
        .order_by(Customer.created_at.desc(), Customer.id.desc())
        .offset(page.offset)
        .limit(page.per_page)
    )
    return (await session.execute(query)).mappings().all()


async def count_customers(session: AsyncSession, filters: CustomerFilters) -> int:
    """The exact number of customers matching the filters (one place, so that a maintained
    counter can replace it for broad lists)."""
    query = select(func.count()).select_from(Customer).where(*_conditions(filters))
    return int(await session.scalar(query) or 0)


async def get_customer_row(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> Row | None:
    if not storable_id(customer_id):
        return None
    query = select(*CUSTOMER_COLUMNS).where(
        Customer.id == customer_id, Customer.account_id == account_id, Customer.mode == mode
    )
    return (await session.execute(query)).mappings().first()


async def addresses_by_customer(
    session: AsyncSession, customer_ids: Sequence[str]
) -> dict[str, list[Row]]:
    """All addresses of these customers in one query: the default first, then oldest first."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    if not customer_ids:
        return grouped
    query = (
        select(*ADDRESS_COLUMNS)
        .where(Address.customer_id.in_(customer_ids))
        .order_by(Address.is_default.desc(), Address.created_at, Address.id)
    )
    for row in (await session.execute(query)).mappings():
        grouped[row["customer_id"]].append(row)
    return grouped


async def lock_customer(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> Customer | None:
    """The customer, its row locked until the request commits (FOR UPDATE on PostgreSQL;
    SQLite transactions already hold the write lock)."""
    if not storable_id(customer_id):
        return None
    query = (
        select(Customer)
        .where(Customer.id == customer_id, Customer.account_id == account_id, Customer.mode == mode)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return await session.scalar(query)


async def insert_customer(session: AsyncSession, customer: Customer) -> bool:
    """Insert the customer; False when its email is taken in this account and mode.

    The unique index decides, so two concurrent creates cannot both succeed: on PostgreSQL the
    second INSERT waits for the first transaction and then fails.
    """
    return await _flush_in_savepoint(session, lambda: session.add(customer))


async def update_customer(
    session: AsyncSession, customer: Customer, values: Mapping[str, Any]
) -> bool:
    """Write these column values to a locked customer; False when the new email is taken."""

    def apply() -> None:
        for column, value in values.items():
            setattr(customer, column, value)

    return await _flush_in_savepoint(session, apply)


async def _flush_in_savepoint(session: AsyncSession, change: Callable[[], None]) -> bool:
    # The change is made inside the SAVEPOINT (begin_nested flushes what is pending first),
    # so a refused email rolls back only this change and the request can still answer 409.
    try:
        async with session.begin_nested():
            change()
            await session.flush()
    except IntegrityError as error:
        if "email" not in str(error.orig).lower():
            raise
        return False
    return True
