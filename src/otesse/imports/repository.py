"""Every query on imports, their file chunks and their rejected rows."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import PerDialect
from otesse.imports.rows import RowError
from otesse.models import Import, ImportChunk, ImportRowError
from otesse.models.base import utcnow

CHUNK_BYTES = 1024 * 1024


async def insert_import(session: AsyncSession, row: Import) -> None:
    session.add(row)
    await session.flush()


async def store_file(session: AsyncSession, import_id: str, source: IO[bytes]) -> int:
    """The uploaded file, copied into chunks of CHUNK_BYTES; returns its size."""
    size, seq = 0, 0
    while chunk := source.read(CHUNK_BYTES):
        await session.execute(insert(ImportChunk).values(import_id=import_id, seq=seq, data=chunk))
        size += len(chunk)
        seq += 1
    return size


async def copy_file(session: AsyncSession, import_id: str, sink: IO[bytes]) -> None:
    """The stored file written to ``sink`` one chunk at a time."""
    seq = 0
    while True:
        data = await session.scalar(
            select(ImportChunk.data).where(
                ImportChunk.import_id == import_id, ImportChunk.seq == seq
            )
        )
        if data is None:
            return
        sink.write(data)
        seq += 1


async def locked(session: AsyncSession, import_id: str) -> Import | None:
    query = (
        select(Import)
        .where(Import.id == import_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    found: Import | None = await session.scalar(query)
    return found


async def record_progress(
    session: AsyncSession, import_id: str, values: dict[str, Any], errors: Sequence[RowError]
) -> None:
    await session.execute(
        update(Import)
        .where(Import.id == import_id)
        .values(**values, heartbeat_at=utcnow(), updated_at=utcnow())
    )
    if errors:
        start = int(
            await session.scalar(
                select(func.count())
                .select_from(ImportRowError)
                .where(ImportRowError.import_id == import_id)
            )
            or 0
        )
        await session.execute(
            insert(ImportRowError),
            [
                {
                    "import_id": import_id,
                    "seq": start + index,
                    "row": error.row,
                    "column": (error.column or None) and error.column[:200],
                    "value": error.value,
                    "code": error.code,
                    "message": error.message,
                }
                for index, error in enumerate(errors)
            ],
        )


async def finish(
    session: AsyncSession, import_id: str, *, status: str, moment: datetime, **values: Any
) -> None:
    await session.execute(
        update(Import)
        .where(Import.id == import_id)
        .values(status=status, finished_at=moment, updated_at=moment, **values)
    )


async def page_of_errors(
    session: AsyncSession, import_id: str, *, offset: int, limit: int
) -> tuple[list[Any], int]:
    where = ImportRowError.import_id == import_id
    total = await session.scalar(select(func.count()).select_from(ImportRowError).where(where))
    rows = await session.scalars(
        select(ImportRowError).where(where).order_by(ImportRowError.seq).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def every_error(session: AsyncSession, import_id: str) -> AsyncIterator[Any]:
    """All the rejected rows, in batches (an import of a bad file can have many)."""
    after = -1
    while True:
        rows = list(
            await session.scalars(
                select(ImportRowError)
                .where(ImportRowError.import_id == import_id, ImportRowError.seq > after)
                .order_by(ImportRowError.seq)
                .limit(5000)
            )
        )
        for row in rows:
            yield row
        if len(rows) < 5000:
            return
        after = rows[-1].seq


async def refresh_customer_statistics(session: AsyncSession) -> None:
    """ANALYZE customers (PostgreSQL): the planner's picture of a tenant an import is
    filling. Planned from statistics taken before the account had rows, the tenant looks
    like one row, and the import's lookups by email chose any index starting (account,
    mode), filtering the whole tenant for each key: 9 s a batch at 10,000 customers,
    3 ms once analyzed (docs/import.md)."""
    await REFRESH_STATISTICS.of(session)(session)


# Only the columns the import's look-ups filter by (imports/matching.py): the whole table's
# statistics took 2.3 s at 1,000,000 customers, these 0.4 s; autovacuum refreshes the rest.
ANALYZE_LOOKUP_COLUMNS = "ANALYZE customers (account_id, mode, email_key, external_id)"


async def _analyze(session: AsyncSession) -> None:
    await session.execute(text(ANALYZE_LOOKUP_COLUMNS))


async def _nothing(session: AsyncSession) -> None:
    """SQLite's planner needs no refresh for these look-ups (the unique email index)."""


REFRESH_STATISTICS: PerDialect[Callable[[AsyncSession], Awaitable[None]]] = PerDialect(
    sqlite=_nothing, postgresql=_analyze
)
