"""Events in tests without a running worker: the worker's numbering step, run on demand."""

from otesse.core import events
from otesse.core.db import Database
from otesse.webhooks.queue import fan_out


async def number_events(database: Database) -> int:
    """Number the committed events and queue their deliveries, as a worker's round does."""
    total = 0
    while True:
        async with database.transaction() as session:
            numbered = await events.number_pending(session)
            if numbered:
                await fan_out(session, numbered)
        total += len(numbered)
        if len(numbered) < events.NUMBER_BATCH:
            return total
