"""Running a queued import: the worker's handler for the ``import`` topic (the upload's
outbox message, written in the request that stored the file)."""

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.config import Settings
from otesse.core import outbox_topics
from otesse.core.db import Database
from otesse.core.outbox import OutboxEntry, TransientFailure
from otesse.imports import service
from otesse.mail.transport import Transport


class ImportRunner:
    topic = service.TOPIC

    def __init__(self, database: Database, settings: Settings, transport: Transport) -> None:
        self.database = database

    async def deliver(self, entry: OutboxEntry) -> bool:
        if not await service.run(self.database, entry.payload["import_id"]):
            # Another worker is running it (its lease on the message lapsed meanwhile): look
            # again later; by then it is finished, or its worker died and this one resumes it.
            raise TransientFailure("the import is running in another worker")
        return True

    async def on_sent(self, session: AsyncSession, entry: OutboxEntry) -> None:
        return None

    async def on_failed(self, session: AsyncSession, entry: OutboxEntry) -> None:
        return None


outbox_topics.register(service.TOPIC, sender=ImportRunner)
