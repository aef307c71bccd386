"""Many rows in one statement: the import's batches (customers, addresses, tags, consent
records, events).

On PostgreSQL the rows go as one binary ``COPY ... FROM STDIN`` through asyncpg, in the
session's transaction: one statement (the counters' statement triggers, migrations 0020 and
0021, run once per batch, as for an INSERT) and asyncpg's record encoding. It replaced
``INSERT ... SELECT * FROM unnest(...)`` of one array per column, whose encoding asked
``isinstance(value, Iterable)`` of every value (an ABC check in Python): 1.7 s of the
writing thread's CPU per 10,000 rows against 1.1 s (docs/import.md). SQLAlchemy's
executemany sent one execution per row; with RETURNING it sends multi-row VALUES, but spent
0.2 ms of Python a row building them. SQLite takes the ORM's executemany: it runs
in-process and serialises writers anyway.
"""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Dialect, Table, insert, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import TableClause

from otesse.core.db import PerDialect

Rows = Sequence[Mapping[str, Any]]


def _table(target: Any) -> TableClause:
    found: TableClause = target if isinstance(target, TableClause) else target.__table__
    return found


@cache
def _converters(table: TableClause, names: tuple[str, ...], dialect: Dialect) -> list[Any]:
    """Each column's bind conversion (JSON to text, say), as an INSERT would apply it."""
    columns = [table.c[name] for name in names]
    return [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]


def _with_defaults(table: TableClause, rows: Rows) -> list[Mapping[str, Any]]:
    """The rows with the Python-side defaults of the columns they leave out, as the ORM
    would fill them (a consent's recorded_at, say)."""
    if not isinstance(table, Table):
        return list(rows)
    missing = [c for c in table.columns if c.default is not None and c.name not in rows[0]]
    if not missing:
        return list(rows)
    return [{**{c.name: _default_of(c) for c in missing}, **row} for row in rows]


def _default_of(column: Any) -> Any:
    default = column.default
    # A callable default is wrapped by SQLAlchemy to take the execution context.
    return default.arg(None) if default.is_callable else default.arg


async def _copy(session: AsyncSession, target: Any, rows: Rows) -> None:
    table = _table(target)
    complete = _with_defaults(table, rows)
    names = tuple(complete[0])
    converters = _converters(table, names, session.get_bind().dialect)
    columns = []
    for name, convert in zip(names, converters, strict=True):
        values = [row[name] for row in complete]
        columns.append(values if convert is None else [convert(value) for value in values])
    # The COPY goes past SQLAlchemy, so the ORM's pending changes go first (as a statement
    # of the session's would autoflush them), and a transaction the adapter has not begun
    # yet is begun by a statement of its own: a COPY outside one would commit by itself.
    await session.flush()
    connection = await (await session.connection()).get_raw_connection()
    driver: asyncpg.Connection = connection.driver_connection
    if not driver.is_in_transaction():
        await session.execute(text("SELECT 1"))
    try:
        await driver.copy_records_to_table(
            table.name, records=list(zip(*columns, strict=True)), columns=names
        )
    except asyncpg.IntegrityConstraintViolationError as refused:
        raise IntegrityError(f"COPY {table.name}", None, refused) from refused
    except asyncpg.PostgresError as failed:
        raise DBAPIError(f"COPY {table.name}", None, failed) from failed


async def _executemany(session: AsyncSession, target: Any, rows: Rows) -> None:
    # render_nulls: every row the same columns, so the ORM does not split the batch
    # wherever two neighbours differ in which values are None.
    await session.execute(insert(target).execution_options(render_nulls=True), list(rows))


_INSERT_MANY = PerDialect(sqlite=_executemany, postgresql=_copy)


async def insert_many(session: AsyncSession, target: Any, rows: Rows) -> None:
    """Insert the rows (all of the same keys) into ``target``, a model or a table."""
    if rows:
        await _INSERT_MANY.of(session)(session, target, rows)
