"""Which database errors are the client's input, which are an outage, which are bugs.

A value the database cannot hold (out of range, too long for its column, not encodable) is
the client's 400; a database that cannot be reached is a 503 with Retry-After; anything else
is a bug and stays a 500. A unique index or constraint a write violated is found by its name
(:func:`violated_unique`), so each can declare its own 409 beside itself. The answer is
read from the whole cause chain, because SQLAlchemy
wraps the driver's exception and asyncpg's own classes do not all map to SQLAlchemy's.
"""

import re
import sqlite3
from collections.abc import Iterator

import asyncpg
from sqlalchemy import Index, MetaData, Table, UniqueConstraint
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# Out of range, too long, not representable: PostgreSQL's class 22, asyncpg's client-side
# encoding errors, SQLite's "Python int too large", a lone surrogate that UTF-8 refuses.
BAD_VALUE_ERRORS: tuple[type[BaseException], ...] = (
    DataError,
    asyncpg.exceptions.DataError,
    asyncpg.exceptions._base.DataError,
    OverflowError,
    UnicodeEncodeError,
)

# Connection refused (OSError), pool checkout timeouts, asyncpg's connection errors (class
# 08), operator intervention (57P01 admin shutdown, 57P03 "starting up"), too many
# connections (53300) and a connection found closed.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.InterfaceError,
    # "cannot switch to state N; another operation is in progress": a connection an outage
    # left mid-protocol (a backend terminated under it), used again.
    asyncpg.exceptions._base.InternalClientError,
)

# A transaction the server aborted so that a concurrent one could go on (class 40: deadlock
# detected, serialization failure): the same request, run again, will usually succeed.
CONCURRENCY_ABORTS: tuple[type[BaseException], ...] = (asyncpg.exceptions.TransactionRollbackError,)

# The classes the error handlers are registered for; the functions below then decide.
DATABASE_ERRORS = (*BAD_VALUE_ERRORS, *UNAVAILABLE_ERRORS, DBAPIError)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = error
    for _ in range(10):  # a cause chain is short; never loop on a cycle
        if seen is None:
            return
        yield seen
        seen = seen.__cause__ or (seen.orig if isinstance(seen, DBAPIError) else None)


def caused_by(error: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """True when the error, or one of its causes, is one of ``kinds``."""
    return any(isinstance(cause, kinds) for cause in _causes(error))


def is_concurrency_abort(error: BaseException) -> bool:
    return caused_by(error, CONCURRENCY_ABORTS)


def is_unstorable_value(error: BaseException) -> bool:
    return any(isinstance(cause, BAD_VALUE_ERRORS) for cause in _causes(error))


def is_database_unavailable(error: BaseException) -> bool:
    """True when the error says the database cannot be reached, not that a query is wrong."""
    for cause in _causes(error):
        if isinstance(cause, UNAVAILABLE_ERRORS):
            return True
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return True
    return False


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


def violated_unique(error: BaseException, metadata: MetaData) -> Index | UniqueConstraint | None:
    """The unique index or constraint of ``metadata`` that the failed statement violated, or
    None for any other error.

    PostgreSQL names it (asyncpg's ``constraint_name``); SQLite names its columns
    ("UNIQUE constraint failed: customers.account_id, ..."), which identify the one unique
    index or constraint of that table over exactly those columns.
    """
    for cause in _causes(error):
        name = getattr(cause, "constraint_name", None)
        if isinstance(cause, asyncpg.UniqueViolationError) and name:
            return _unique_named(metadata, name)
        found = _SQLITE_UNIQUE.search(str(cause)) if isinstance(cause, sqlite3.Error) else None
        if found:
            columns = [column.strip() for column in found.group(1).split(",")]
            table = columns[0].split(".", 1)[0]
            wanted = tuple(column.split(".", 1)[1] for column in columns)
            return _unique_over(metadata, table, wanted)
    return None


def _uniques(table: Table) -> Iterator[Index | UniqueConstraint]:
    yield from (index for index in table.indexes if index.unique)
    yield from (found for found in table.constraints if isinstance(found, UniqueConstraint))


def _unique_named(metadata: MetaData, name: str) -> Index | UniqueConstraint | None:
    for table in metadata.tables.values():
        for unique in _uniques(table):
            if unique.name == name:
                return unique
    return None


def _unique_over(
    metadata: MetaData, table_name: str, columns: tuple[str, ...]
) -> Index | UniqueConstraint | None:
    table = metadata.tables.get(table_name)
    if table is None:
        return None
    for unique in _uniques(table):
        if tuple(column.name for column in unique.columns) == columns:
            return unique
    return None
