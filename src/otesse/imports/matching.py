"""Which existing customer a row describes: by `external_id` first (the platform's own id
names one record whatever its email became), then by email (docs/import.md, "Matching").

A row that points at two different customers (its external_id is one's, its email
another's), or whose email matches a customer holding another external_id, is never merged
into either: it fails alone with an error naming the column. A merged customer keeps its
external_id only when its survivor had one of its own; a row naming it updates the survivor.
"""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.db import PerDialect
from otesse.customers.service import email_key
from otesse.imports.rows import ParsedRow, RowError
from otesse.models import Customer

# Each key looked up on its own (a nested loop over the unique indexes), whatever the
# planner believes of the tenant: an account being imported has no statistics yet, and
# `email_key = ANY(...)` was then planned as a filter over the tenant's whole range of the
# index, a scan that grows with every batch. The row lock inside each lookup (as PATCH
# locks, in key order) is also what keeps it a lookup: without it the planner pulled the
# lateral up into a hash join over that same range, or kept only (account, mode) as the
# index condition (measured: 195 ms, then 6 s, a batch at 10,000 customers).
MATCHED_IDS_SQL = text(
    "SELECT c.id FROM unnest(CAST(:keys AS varchar[])) AS wanted(key) CROSS JOIN LATERAL "
    "(SELECT id FROM customers WHERE account_id = :account_id AND mode = :mode "
    "AND email_key = wanted.key FOR UPDATE) AS c "
    "UNION "
    "SELECT c.id FROM unnest(CAST(:external_ids AS varchar[])) AS wanted(key) CROSS JOIN "
    "LATERAL (SELECT id FROM customers WHERE account_id = :account_id AND mode = :mode "
    "AND external_id = wanted.key FOR UPDATE) AS c"
)
# Merges chain (a survivor may itself be merged later); a longer chain is refused as a cycle
# would be, which the merge rules already prevent.
MAX_MERGE_HOPS = 8


@dataclass(slots=True)
class Matches:
    """The batch's existing customers, locked, by email key and by external_id."""

    by_email: dict[str, Customer] = field(default_factory=dict)
    by_external_id: dict[str, Customer] = field(default_factory=dict)

    def keep(self, customers: Iterable[Customer]) -> None:
        for customer in customers:
            self.by_email[customer.email_key] = customer
            if customer.external_id is not None:
                self.by_external_id[customer.external_id] = customer

    def rekey(self, customer: Customer, old_email_key: str) -> None:
        """After an update that may have changed the customer's email or external_id."""
        if self.by_email.get(old_email_key) is customer:
            del self.by_email[old_email_key]
        self.keep([customer])


async def _named_on_postgresql(
    session: AsyncSession, principal: Principal, keys: list[str], external_ids: list[str]
) -> ColumnElement[bool] | None:
    # The ids first, by one look-up per key (MATCHED_IDS_SQL): an IN list over the tenant
    # would be planned as a filter of the whole tenant.
    found_ids = sorted(
        await session.scalars(
            MATCHED_IDS_SQL,
            {
                "keys": keys,
                "external_ids": external_ids,
                "account_id": principal.account_id,
                "mode": principal.mode,
            },
        )
    )
    return Customer.id.in_(found_ids) if found_ids else None


async def _named_on_sqlite(
    session: AsyncSession, principal: Principal, keys: list[str], external_ids: list[str]
) -> ColumnElement[bool] | None:
    named = [Customer.email_key.in_(keys)]
    if external_ids:
        named.append(Customer.external_id.in_(external_ids))
    return or_(*named)


# The condition naming the customers the rows' keys and external ids match (None: none).
NAMED: PerDialect[
    Callable[[AsyncSession, Principal, list[str], list[str]], Awaitable[ColumnElement[bool] | None]]
] = PerDialect(sqlite=_named_on_sqlite, postgresql=_named_on_postgresql)


async def load(session: AsyncSession, principal: Principal, rows: Sequence[ParsedRow]) -> Matches:
    matches = Matches()
    await load_into(session, principal, rows, matches)
    return matches


async def load_into(
    session: AsyncSession, principal: Principal, rows: Sequence[ParsedRow], matches: Matches
) -> None:
    """Find and lock (FOR UPDATE) the customers the rows' emails and external_ids name."""
    keys = sorted({email_key(row.customer.email) for row in rows})
    external_ids = sorted({row.customer.external_id for row in rows if row.customer.external_id})
    tenant = (Customer.account_id == principal.account_id, Customer.mode == principal.mode)
    named = await NAMED.of(session)(session, principal, keys, external_ids)
    if named is None:
        return
    query = select(Customer).where(*tenant, named)
    query = query.order_by(Customer.id).with_for_update()
    matches.keep(await session.scalars(query.execution_options(populate_existing=True)))


async def match(
    session: AsyncSession, matches: Matches, row: ParsedRow
) -> Customer | RowError | None:
    """The customer the row updates, None for a new one, or why the row cannot say which."""
    external_id = row.customer.external_id
    by_external_id = matches.by_external_id.get(external_id) if external_id else None
    if by_external_id is not None and by_external_id.status == "merged":
        by_external_id = await _survivor(session, by_external_id)
        if by_external_id is None:
            return _error(row, "external_id", "match_conflict", "names a merged customer")
    by_email = matches.by_email.get(email_key(row.customer.email))
    if by_external_id is not None:
        if by_email is not None and by_email.id != by_external_id.id:
            return _error(
                row,
                "email",
                "match_conflict",
                f"belongs to customer {by_email.id}, but the row's external_id is customer "
                f"{by_external_id.id}'s; neither was changed",
            )
        return by_external_id
    if by_email is not None and external_id and by_email.external_id not in (None, external_id):
        return _error(
            row,
            "external_id",
            "match_conflict",
            f"differs from the external_id of customer {by_email.id}, whose email the row "
            "has; neither was changed",
        )
    return by_email


async def _survivor(session: AsyncSession, merged: Customer) -> Customer | None:
    customer: Customer | None = merged
    for _ in range(MAX_MERGE_HOPS):
        if customer is None or customer.status != "merged":
            return customer
        if customer.merged_into is None:
            return None
        customer = await session.get(
            Customer, customer.merged_into, with_for_update=True, populate_existing=True
        )
    return None


def _error(row: ParsedRow, target: str, code: str, why: str) -> RowError:
    value = row.customer.email if target == "email" else row.customer.external_id
    column = row.column(target)
    return RowError(row.number, column, value, code, f"The {column} {why}.")
