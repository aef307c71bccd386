"""Customer JSON built by PostgreSQL (representation.DOCUMENT), for the hot read paths.

One statement returns the finished document (addresses aggregated), or the whole page of
them: one round trip, and no row objects or per-value conversions in Python (phase 1 measured
114 us of Python CPU per customer this way against 179 us for rows rendered in Python). The
document is derived from the read model like the Python renderer, so the bytes are the ones
orjson writes for the SQLite path: the API sends them untouched, and both databases answer
the same body and ETag (tests/customers/test_representation.py).
"""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import driver_connection
from otesse.core.queries import storable_id
from otesse.customers.representation import DOCUMENT

ONE_CUSTOMER_SQL = (
    f"SELECT {DOCUMENT}::text FROM customers "  # noqa: S608 - fixed column names only
    "WHERE customers.id = $1 AND customers.account_id = $2 AND customers.mode = $3"
)

SEVERAL_CUSTOMERS_SQL = (
    f"SELECT customers.id, {DOCUMENT}::text FROM customers "  # noqa: S608 - fixed column names only
    "WHERE customers.id = ANY($1::varchar[]) AND customers.account_id = $2 "
    "AND customers.mode = $3"
)


async def customer_document(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> bytes | None:
    """The customer's JSON text, or None when the tenant has no such customer.

    Sent through the driver directly: this is the hottest statement of the API."""
    if not storable_id(customer_id):
        return None
    connection: Any = await driver_connection(session)
    document: str | None = await connection.fetchval(
        ONE_CUSTOMER_SQL, customer_id, account_id, mode
    )
    return None if document is None else document.encode()


async def customer_documents(
    session: AsyncSession, *, account_id: str, mode: str, customer_ids: list[str]
) -> dict[str, bytes]:
    """Several customers' JSON texts by id, one statement (duplicate candidates' page)."""
    wanted = [customer_id for customer_id in customer_ids if storable_id(customer_id)]
    if not wanted:
        return {}
    connection: Any = await driver_connection(session)
    rows = await connection.fetch(SEVERAL_CUSTOMERS_SQL, wanted, account_id, mode)
    return {row[0]: row[1].encode() for row in rows}
