"""The rules of imports through the API: an upload is stored and queued in the request's
transaction; a worker runs it (delivery.py) with the same runner as the CLI and records its
progress and rejected rows batch by batch. Never commits (the route or the runner does)."""

import tempfile
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core import outbox
from otesse.core.db import Database
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.core.pagination import PageRequest
from otesse.core.queries import find_owned, not_found
from otesse.customers.csv_format import CsvText
from otesse.imports import repository
from otesse.imports.errors_csv import ERROR_COLUMNS, error_cells
from otesse.imports.reading import FileRefused
from otesse.imports.runner import ImportOptions, Progress, run_import
from otesse.models import Import
from otesse.models.base import utcnow

TOPIC = "import"
# A running import renews its heartbeat after every batch (seconds apart); one silent for
# this long lost its worker, and the next attempt resumes it.
STALE_AFTER = timedelta(minutes=2)


def import_json(row: Import) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "format": row.format,
        "dry_run": row.dry_run,
        "rows": row.rows,
        "processed": row.processed,
        "created": row.created,
        "updated": row.updated,
        "skipped": row.skipped,
        "failed": row.failed,
        "error": (
            {"code": row.error_code, "message": row.error_message} if row.error_code else None
        ),
        "created_at": timestamp(row.created_at),
        "started_at": timestamp(row.started_at),
        "finished_at": timestamp(row.finished_at),
    }


async def create_import(
    session: AsyncSession,
    principal: Principal,
    source: IO[bytes],
    *,
    format: str,
    dry_run: bool,
    send_invitations: bool,
) -> dict[str, Any]:
    now = utcnow()
    row = Import(
        id=new_id("imp"),
        account_id=principal.account_id,
        mode=principal.mode,
        status="queued",
        format=format,
        dry_run=dry_run,
        send_invitations=send_invitations,
        file_bytes=0,
        processed=0,
        created=0,
        updated=0,
        skipped=0,
        failed=0,
        last_row=1,
        created_at=now,
        updated_at=now,
    )
    await repository.insert_import(session, row)
    row.file_bytes = await repository.store_file(session, row.id, source)
    await outbox.enqueue(
        session,
        topic=TOPIC,
        payload={"import_id": row.id},
        account_id=principal.account_id,
        mode=principal.mode,
        message_id_domain="imports.otesse.invalid",
    )
    await session.flush()
    return import_json(row)


async def _owned(session: AsyncSession, principal: Principal, import_id: str) -> Import:
    found = await find_owned(
        session,
        Import,
        account_id=principal.account_id,
        mode=principal.mode,
        resource_id=import_id,
    )
    if found is None:
        raise not_found("import", import_id, param="import_id")
    return found


async def get_import(session: AsyncSession, principal: Principal, import_id: str) -> dict[str, Any]:
    return import_json(await _owned(session, principal, import_id))


def error_json(error: Any) -> dict[str, Any]:
    return {
        "row": error.row,
        "column": error.column,
        "value": error.value,
        "code": error.code,
        "message": error.message,
    }


async def list_errors(
    session: AsyncSession, principal: Principal, import_id: str, page: PageRequest
) -> tuple[list[dict[str, Any]], int]:
    await _owned(session, principal, import_id)
    errors, total = await repository.page_of_errors(
        session, import_id, offset=page.offset, limit=page.per_page
    )
    return [error_json(error) for error in errors], total


async def check_owned(session: AsyncSession, principal: Principal, import_id: str) -> None:
    await _owned(session, principal, import_id)


async def errors_csv(database: Database, import_id: str) -> AsyncIterator[bytes]:
    """Every rejected row as CSV, streamed from its own read session."""
    text = CsvText()
    text.write([ERROR_COLUMNS])
    async with database.session(read_only=True) as session:
        async for count, error in _numbered(repository.every_error(session, import_id)):
            text.write([error_cells(error)])
            if count % 1000 == 0:
                yield text.drain()
    yield text.drain()


async def _numbered(items: AsyncIterator[Any]) -> AsyncIterator[tuple[int, Any]]:
    count = 0
    async for item in items:
        count += 1
        yield count, item


async def run(database: Database, import_id: str) -> bool:
    """Run a queued import (or resume one whose worker died); False when another worker is
    running it now (the caller retries later). A file that cannot be read marks it failed."""
    async with database.transaction() as session:
        row = await repository.locked(session, import_id)
        if row is None or row.status in ("succeeded", "failed"):
            return True
        now = utcnow()
        if row.status == "running" and row.heartbeat_at and now - row.heartbeat_at < STALE_AFTER:
            return False
        row.status = "running"
        row.started_at = row.started_at or now
        row.heartbeat_at = now
        principal = Principal(account_id=row.account_id, mode=row.mode, key_id=row.id)
        options = ImportOptions(
            format=row.format, dry_run=row.dry_run, send_invitations=row.send_invitations
        )
        resume_after, done = row.last_row, _counts(row)
    with tempfile.TemporaryDirectory(prefix="otesse-import-") as folder:
        path = Path(folder) / "upload.csv"
        async with database.transaction() as session:
            with open(path, "wb") as sink:  # noqa: ASYNC230 - a local temporary file
                await repository.copy_file(session, import_id, sink)

        async def started(table: Any) -> None:
            async with database.transaction() as session:
                await repository.record_progress(session, import_id, {"rows": table.rows}, [])

        async def batch(session: AsyncSession, progress: Progress) -> None:
            values = {name: done[name] + getattr(progress, name) for name in done}
            values["last_row"] = progress.last_row
            await repository.record_progress(session, import_id, values, progress.errors)

        try:
            await run_import(
                database,
                principal,
                path,
                options,
                on_start=started,
                on_batch=batch,
                resume_after=resume_after,
            )
        except FileRefused as refused:
            async with database.transaction() as session:
                await repository.finish(
                    session,
                    import_id,
                    status="failed",
                    moment=utcnow(),
                    error_code=refused.code,
                    error_message=refused.message,
                )
            return True
    async with database.transaction() as session:
        await repository.finish(session, import_id, status="succeeded", moment=utcnow())
    return True


COUNTED = ("processed", "created", "updated", "skipped", "failed")


def _counts(row: Import) -> dict[str, int]:
    return {name: getattr(row, name) for name in COUNTED}
