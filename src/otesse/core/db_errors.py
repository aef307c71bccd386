"""Which database errors are the client's input, which are an outage, which are bugs.

A value the database cannot hold (out of range, too long for its column, not encodable) is
the client's 400; a database that cannot be reached is a 503 with Retry-After; anything else
is a bug and stays a 500. The answer is read from the whole cause chain, because SQLAlchemy
wraps the driver's exception and asyncpg's own classes do not all map to SQLAlchemy's.
"""

from collections.abc import Iterator

import asyncpg
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

# The classes the error handlers are registered for; the functions below then decide.
DATABASE_ERRORS = (*BAD_VALUE_ERRORS, *UNAVAILABLE_ERRORS, DBAPIError)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = error
    for _ in range(10):  # a cause chain is short; never loop on a cycle
        if seen is None:
            return
        yield seen
        seen = seen.__cause__ or (seen.orig if isinstance(seen, DBAPIError) else None)


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
