"""Many rows in one INSERT statement: the import's batches (customers, addresses, tags,
consent records, events).

On PostgreSQL the rows go as one array per column, `INSERT ... SELECT * FROM unnest(...)`:
one statement (the counters' statement trigger on customers, migration 0020, runs once per
batch), a text that is the same for every batch (prepared once), and the values encoded by
asyncpg. SQLAlchemy's executemany sent one execution per row; with RETURNING it sends
multi-row VALUES, but spent 0.2 ms of Python a row building them (docs/import.md).
SQLite takes the ORM's executemany: it runs in-process and serialises writers anyway.
"""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Dialect, Table, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import TableClause

from otesse.core.db import PerDialect

Rows = Sequence[Mapping[str, Any]]


def _table(target: Any) -> TableClause:
    found: TableClause = target if isinstance(target, TableClause) else target.__table__
    return found


@cache
def _unnest_insert(table: TableClause, names: tuple[str, ...], dialect: Dialect) -> Any:
    """The statement, and each column's bind conversion (JSON to text, say), for rows of
    these keys."""
    columns = [table.c[name] for name in names]
    arrays = ", ".join(
        f"CAST(:{name} AS {column.type.compile(dialect)}[])"
        for name, column in zip(names, columns, strict=True)
    )
    statement = text(
        f"INSERT INTO {table.name} ({', '.join(names)}) "  # noqa: S608 - the table's own names
        f"SELECT * FROM unnest({arrays})"
    )
    converters = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    return statement, converters


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


async def _unnest(session: AsyncSession, target: Any, rows: Rows) -> None:
    table = _table(target)
    complete = _with_defaults(table, rows)
    names = tuple(complete[0])
    statement, converters = _unnest_insert(table, names, session.get_bind().dialect)
    params: dict[str, list[Any]] = {}
    for name, convert in zip(names, converters, strict=True):
        values = [row[name] for row in complete]
        params[name] = values if convert is None else [convert(value) for value in values]
    await session.execute(statement, params)


async def _executemany(session: AsyncSession, target: Any, rows: Rows) -> None:
    # render_nulls: every row the same columns, so the ORM does not split the batch
    # wherever two neighbours differ in which values are None.
    await session.execute(insert(target).execution_options(render_nulls=True), list(rows))


_INSERT_MANY = PerDialect(sqlite=_executemany, postgresql=_unnest)


async def insert_many(session: AsyncSession, target: Any, rows: Rows) -> None:
    """Insert the rows (all of the same keys) into ``target``, a model or a table."""
    if rows:
        await _INSERT_MANY.of(session)(session, target, rows)
