"""The duplicate candidates' lookups, all in one statement: each reason is one indexed lookup
in the tenant, bounded, so the answer costs a few index probes whatever the tenant's size.

- same_phone: ix_customers_phone (account, mode, phone);
- same_email_local_part: ix_customers_email_local (account, mode, email_local_key), the
  local part case-folded without `+tag` and dots, on another domain;
- same_name_and_address: the customer's addresses (ix_addresses_customer), each probing
  ix_addresses_zip_street (account, mode, zip, lower(street)), then the same first and last
  name (case-insensitive).

One UNION ALL of the three, one round trip: the three lookups and the addresses as separate
statements cost six round trips and as many statement executions in Python, which at a
million customers (the plans themselves take well under a millisecond) made p99 100 ms on
the shared machine.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from otesse.core.db import PerDialect, driver_connection
from otesse.models import Address, Customer

Row = tuple[str, str]

# Per reason: a phone shared by thousands (a front desk's) must not make the answer slow.
PER_REASON = 50


def _others() -> list[ColumnElement[bool]]:
    return [
        Customer.account_id == bindparam("account_id"),
        Customer.mode == bindparam("mode"),
        Customer.id != bindparam("customer_id"),
        Customer.status != "merged",
    ]


def _reason(name: str) -> ColumnElement[Any]:
    return literal_column(f"'{name}'").label("reason")


def _same_phone() -> Select[Any]:
    # A customer without a phone: `phone = NULL` matches no one.
    return (
        select(Customer.id, _reason("same_phone"))
        .where(*_others(), Customer.phone == bindparam("phone"))
        .limit(PER_REASON)
    )


def _same_email_local_part() -> Select[Any]:
    return (
        select(Customer.id, _reason("same_email_local_part"))
        .where(
            *_others(),
            bindparam("email_local_key") != "",
            Customer.email_local_key == bindparam("email_local_key"),
            # Another domain: the same local part on one domain is another mailbox.
            Customer.email_key.not_like(bindparam("own_domain"), escape="/"),
        )
        .limit(PER_REASON)
    )


def _same_name_and_address() -> Select[Any]:
    own, theirs = aliased(Address), aliased(Address)
    return (
        select(Customer.id, _reason("same_name_and_address"))
        .select_from(own)
        .join(
            theirs,
            and_(
                theirs.account_id == bindparam("account_id"),
                theirs.mode == bindparam("mode"),
                theirs.zip == own.zip,
                func.lower(theirs.street) == func.lower(own.street),
            ),
        )
        .join(Customer, Customer.id == theirs.customer_id)
        .where(
            own.customer_id == bindparam("customer_id"),
            *_others(),
            func.lower(Customer.first_name) == bindparam("first_name"),
            func.lower(Customer.last_name) == bindparam("last_name"),
        )
        .distinct()
        .limit(PER_REASON)
    )


# Built once: constructing it (aliases, subqueries) cost more Python time per request than
# everything else the request does; executed, it is one cached compiled statement. Each part
# inside its own SELECT, so a LIMIT applies to it alone (SQLite refuses a LIMIT on a
# compound's member otherwise).
CANDIDATES = union_all(
    *(
        select(part.subquery())
        for part in (_same_name_and_address(), _same_phone(), _same_email_local_part())
    )
)


def _like_suffix(domain: str) -> str:
    escaped = domain.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%@{escaped}"


async def _through_sqlalchemy(session: AsyncSession, params: dict[str, Any]) -> list[Row]:
    return [(found, reason) for found, reason in (await session.execute(CANDIDATES, params))]


# On PostgreSQL the compiled text goes to asyncpg itself: SQLAlchemy's execution of this
# statement (its 15 parameters, the result wrapping) cost as much Python as the rest of the
# request's own work (py-spy, docs/performance.md "Per-request overhead").
_PG_COMPILED = CANDIDATES.compile(dialect=PGDialect_asyncpg())  # type: ignore[no-untyped-call]
_PG_SQL, _PG_ORDER = str(_PG_COMPILED), tuple(_PG_COMPILED.positiontup or ())


async def _through_asyncpg(session: AsyncSession, params: dict[str, Any]) -> list[Row]:
    values = _PG_COMPILED.construct_params(params)
    connection: Any = await driver_connection(session)
    rows = await connection.fetch(_PG_SQL, *(values[name] for name in _PG_ORDER))
    return [(found, reason) for found, reason in rows]


FETCH = PerDialect(sqlite=_through_sqlalchemy, postgresql=_through_asyncpg)


async def candidates(session: AsyncSession, customer: Customer) -> Sequence[Row]:
    """(candidate id, reason) for every reason that matched, in one round trip."""
    params = {
        "account_id": customer.account_id,
        "mode": customer.mode,
        "customer_id": customer.id,
        "phone": customer.phone,
        "email_local_key": customer.email_local_key or "",
        "own_domain": _like_suffix(customer.email_key.rsplit("@", 1)[-1]),
        "first_name": customer.first_name.lower(),
        "last_name": customer.last_name.lower(),
    }
    return await FETCH.of(session)(session, params)
