"""One import, start to end, shared by `otesse import customers` and the worker.

The file is inspected first (reading.py: encoding, separator, every record parsed), so a file
that cannot be read at all writes nothing. Then its rows are parsed and written in batches,
each batch one transaction (rolled back instead of committed on a dry run): a row is all or
nothing, a bad row is reported and the others go on, and memory holds one batch at a time.
"""

import asyncio
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.db import Database
from otesse.imports import repository
from otesse.imports.apply import Tally, apply_batch
from otesse.imports.presets import PRESETS
from otesse.imports.reading import Table, inspect_file
from otesse.imports.rows import Layout, ParsedRow, RowError, parse_row, resolve_layout

BATCH_ROWS = 1000
# The customers table is analyzed each time the import's new customers reach the next of
# these counts (then every ANALYZE_EVERY more), so its lookups stay index lookups
# (imports/repository.refresh_customer_statistics); autovacuum's own ANALYZE waits for 10%
# of the table to change.
ANALYZE_AT = (1_000, 4_000, 16_000)
ANALYZE_EVERY = 50_000


@dataclass(frozen=True, slots=True)
class ImportOptions:
    format: str = "otesse"
    dry_run: bool = False
    send_invitations: bool = False
    batch_rows: int = BATCH_ROWS


@dataclass(slots=True)
class Progress:
    rows: int = 0
    processed: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    last_row: int = 1  # the file's row number the counts reach (the header is row 1)
    errors: list[RowError] = field(default_factory=list)  # the last batch's


# Called inside each batch's transaction, after its rows were written: the API's import row
# records its progress and errors there, so they commit (or roll back) with the rows.
OnBatch = Callable[[AsyncSession, Progress], Awaitable[None]]


async def run_import(
    database: Database,
    principal: Principal,
    path: Path,
    options: ImportOptions,
    *,
    on_start: Callable[[Table], Awaitable[None]] | None = None,
    on_batch: OnBatch | None = None,
    resume_after: int = 0,
) -> Progress:
    """Import the file; raises reading.FileRefused (nothing written) when it cannot be read.
    ``resume_after`` (a row number) skips the rows an interrupted run committed."""
    table = inspect_file(path)
    layout = resolve_layout(PRESETS[options.format], table.header)
    progress = Progress(rows=table.rows)
    if on_start is not None:
        await on_start(table)
    # The next batch is parsed in a thread while the database writes the current one: the
    # parsing (validation, in Python) and the writes overlap instead of adding up.
    batches = _parsed_batches(table, layout, options, resume_after)
    analyzing: asyncio.Task[None] | None = None
    try:
        pending = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
        while (batch := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
            parsed, refused, progress.last_row = batch
            before = progress.created
            await _write_batch(database, principal, options, parsed, refused, progress, on_batch)
            if not options.dry_run and _crossed(before, progress.created):
                # On a connection of its own while the next batches are written (ANALYZE
                # does not block inserts): it took 0.35 s of each mark off the writing.
                if analyzing is not None:
                    await analyzing
                analyzing = asyncio.create_task(_refresh_statistics(database))
    finally:
        if not pending.done():
            await asyncio.wait([pending])
        batches.close()
        if analyzing is not None:
            await analyzing
    return progress


async def _refresh_statistics(database: Database) -> None:
    async with database.sessionmaker() as session, session.begin():
        await repository.refresh_customer_statistics(session)


Batch = tuple[list[ParsedRow], list[RowError], int]


def _crossed(before: int, after: int) -> bool:
    """Whether the created count passed one of the counts the table is analyzed at."""
    marks = [*ANALYZE_AT, *range(ANALYZE_EVERY, after + 1, ANALYZE_EVERY)]
    return any(before < mark <= after for mark in marks)


def _parsed_batches(
    table: Table, layout: Layout, options: ImportOptions, resume_after: int
) -> Generator[Batch]:
    """The file's rows parsed, ``batch_rows`` at a time, with the last row number read."""
    parsed: list[ParsedRow] = []
    refused: list[RowError] = []
    last_row = resume_after
    with table.open() as stream:
        for number, cells in table.records(stream):
            if number <= resume_after or not any(cell.strip() for cell in cells):
                continue  # committed by the interrupted run, or a blank line
            outcome = parse_row(layout, number, cells, send_invitations=options.send_invitations)
            if isinstance(outcome, ParsedRow):
                parsed.append(outcome)
            else:
                refused.extend(outcome)
            last_row = number
            if len(parsed) + _rows_in(refused) >= options.batch_rows:
                yield parsed, refused, last_row
                parsed, refused = [], []
    if parsed or refused:
        yield parsed, refused, last_row


def _rows_in(errors: list[RowError]) -> int:
    return len({error.row for error in errors})


async def _write_batch(
    database: Database,
    principal: Principal,
    options: ImportOptions,
    parsed: list[ParsedRow],
    refused: list[RowError],
    progress: Progress,
    on_batch: OnBatch | None,
) -> None:
    if not parsed and not refused:
        return
    async with database.sessionmaker() as session:
        transaction = await session.begin()
        try:
            tally = await apply_batch(session, principal, parsed) if parsed else Tally()
            progress.processed += len(parsed) + _rows_in(refused)
            progress.created += tally.created
            progress.updated += tally.updated
            progress.skipped += tally.skipped
            progress.failed += tally.failed + _rows_in(refused)
            progress.errors = sorted([*refused, *tally.errors], key=lambda error: error.row)
            if options.dry_run:
                # Nothing of the rows is kept; the progress is (its own transaction).
                await transaction.rollback()
                transaction = await session.begin()
            if on_batch is not None:
                await on_batch(session, progress)
        except BaseException:
            await transaction.rollback()
            raise
        await transaction.commit()
