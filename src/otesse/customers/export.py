"""GET /v1/customers/export and `otesse export customers`: every customer matching the list's
filters, as CSV (the import's own format, csv_format.py) or NDJSON (each line the customer's
JSON as GET answers it), streamed in constant memory.

The whole export reads one snapshot: a REPEATABLE READ transaction on PostgreSQL (on SQLite
the transaction itself, which holds the database's write lock until the export ends). The
customers are read in batches by keyset on (created_at, id), oldest first, so a re-import
creates them in the same order; each batch's addresses are one more query.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from otesse.core.db import PerDialect
from otesse.customers import csv_format, repository
from otesse.customers.filters import CustomerFilters
from otesse.customers.representation import (
    ADDRESS_COLUMNS,
    ADDRESS_ORDER_BY,
    CUSTOMER_COLUMNS,
    render_customer,
)
from otesse.models import Address, Customer

BATCH = 2000
CSV = "text/csv"
NDJSON = "application/x-ndjson"
FORMATS = (CSV, NDJSON)


def chosen_format(accept: str | None) -> str:
    """CSV unless the client's Accept names NDJSON (and not CSV before it)."""
    if not accept:
        return CSV
    for part in accept.split(","):
        media_type = part.split(";", 1)[0].strip().lower()
        if media_type in FORMATS:
            return media_type
    return CSV


# The isolation that makes one transaction's reads see one committed state: REPEATABLE READ
# on PostgreSQL; SQLite's own (its transaction holds the write lock) needs nothing set.
SNAPSHOT_ISOLATION: PerDialect[dict[str, str]] = PerDialect(
    sqlite={}, postgresql={"isolation_level": "REPEATABLE READ"}
)


@asynccontextmanager
async def snapshot(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in one transaction whose reads all see the same committed state."""
    async with engine.connect() as connection:
        isolation = SNAPSHOT_ISOLATION.of(connection)
        if isolation:
            connection = await connection.execution_options(**isolation)
        async with connection.begin():
            yield connection


async def _address_groups(connection: AsyncConnection, filters: CustomerFilters) -> int:
    """The most addresses any customer of the tenant has: the CSV's address column groups
    (an upper bound for a filtered export, read in the same snapshot)."""
    per_customer = (
        select(func.count().label("n"))
        .where(Address.account_id == filters.account_id, Address.mode == filters.mode)
        .group_by(Address.customer_id)
        .subquery()
    )
    return int(await connection.scalar(select(func.max(per_customer.c.n))) or 0)


async def count(connection: AsyncConnection, filters: CustomerFilters) -> int:
    query = select(func.count()).select_from(Customer).where(*repository.conditions(filters))
    return int(await connection.scalar(query) or 0)


Batch = list[tuple[Any, list[Any]]]


async def _batches(connection: AsyncConnection, filters: CustomerFilters) -> AsyncIterator[Batch]:
    """The matching customers oldest first, BATCH at a time, each with its addresses in the
    customer's order."""
    after: tuple[Any, str] | None = None
    while True:
        query = select(*CUSTOMER_COLUMNS).where(*repository.conditions(filters))
        if after is not None:
            query = query.where(tuple_(Customer.created_at, Customer.id) > tuple_(*after))
        query = query.order_by(Customer.created_at, Customer.id).limit(BATCH)
        rows = (await connection.execute(query)).mappings().all()
        if not rows:
            return
        addresses: dict[str, list[Any]] = {row["id"]: [] for row in rows}
        address_query = (
            select(*ADDRESS_COLUMNS)
            .where(Address.customer_id.in_(list(addresses)))
            .order_by(Address.customer_id, *ADDRESS_ORDER_BY)
        )
        for address in (await connection.execute(address_query)).mappings():
            addresses[address["customer_id"]].append(address)
        yield [(row, addresses[row["id"]]) for row in rows]
        last = rows[-1]
        after = (last["created_at"], last["id"])
        if len(rows) < BATCH:
            return


async def stream(
    connection: AsyncConnection,
    filters: CustomerFilters,
    media_type: str,
    on_batch: Callable[[int], None] | None = None,
) -> AsyncIterator[bytes]:
    """The export's bytes, a batch at a time, read in ``connection``'s snapshot."""
    if media_type == NDJSON:
        async for batch in _batches(connection, filters):
            yield b"".join(
                orjson.dumps(render_customer(row, addresses)) + b"\n" for row, addresses in batch
            )
            if on_batch:
                on_batch(len(batch))
        return
    groups = await _address_groups(connection, filters)
    text = csv_format.CsvText()
    text.write([csv_format.header(groups)])
    async for batch in _batches(connection, filters):
        text.write(csv_format.customer_cells(row, addresses, groups) for row, addresses in batch)
        yield text.drain()
        if on_batch:
            on_batch(len(batch))
    yield text.drain()


async def export_bytes(
    engine: AsyncEngine, filters: CustomerFilters, media_type: str
) -> AsyncIterator[bytes]:
    """:func:`stream` in its own snapshot transaction (the API's streamed body)."""
    async with snapshot(engine) as connection:
        async for chunk in stream(connection, filters, media_type):
            yield chunk
