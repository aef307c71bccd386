"""A live worker keeps its claims: the lease of what it holds is renewed while it works.

A claim (an outbox message, a webhook delivery) is taken again by any worker once its lease
lapses, which is how a dead worker's work comes back. A live one must not lose its claims
however long the work takes (a slow mail server or receiver, a loaded machine, the database
away a moment), or another worker does the same work again: a duplicate the recipient sees.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import Database
from otesse.core.logging import get_logger

log = get_logger(__name__)

Renewal = Callable[[AsyncSession], Awaitable[object]]


@contextlib.asynccontextmanager
async def renewed(
    database: Database, renew: Renewal, *, lease_seconds: float
) -> AsyncIterator[None]:
    """Run ``renew`` in a transaction of its own every third of a lease while the block runs."""
    keeping = asyncio.create_task(_renewing(database, renew, lease_seconds))
    try:
        yield
    finally:
        keeping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeping


async def _renewing(database: Database, renew: Renewal, lease_seconds: float) -> None:
    while True:
        await asyncio.sleep(lease_seconds / 3)
        try:
            async with database.transaction() as session:
                await renew(session)
        except (DBAPIError, OSError) as error:
            # The database is away: try again at the next third; the lease has two left.
            log.warning("lease_renewal_failed", error=type(error).__name__)
