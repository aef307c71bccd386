"""`otesse import customers FILE` and `otesse export customers > FILE`: the same import and
export as the API, run against OTESSE_DATABASE_URL, with progress on stderr."""

import asyncio
import csv
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from otesse.auth import repository as accounts
from otesse.auth.principal import Principal
from otesse.config import get_settings
from otesse.core.db import Database
from otesse.core.errors import ApiError
from otesse.customers import export
from otesse.customers.filters import BY_NAME, CustomerFilters
from otesse.imports.errors_csv import ERROR_COLUMNS, error_cells
from otesse.imports.presets import FORMAT_NAMES
from otesse.imports.reading import FileRefused, Table
from otesse.imports.runner import ImportOptions, run_import
from otesse.imports.runner import Progress as ImportProgress

import_app = typer.Typer(help="Import customers from a CSV file.", no_args_is_help=True)
export_app = typer.Typer(help="Export customers as CSV or NDJSON.", no_args_is_help=True)

Account = Annotated[str, typer.Option(help="The account's name.")]
Mode = Annotated[str, typer.Option(help="test or live.")]


def _check_mode(mode: str) -> None:
    if mode not in ("test", "live"):
        raise typer.BadParameter("mode must be test or live", param_hint="--mode")


def _bar(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    )


def _rate(done: int, elapsed: float | None) -> str:
    return f"{done / elapsed:,.0f}" if elapsed else "-"


@import_app.command("customers")
def import_customers(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The CSV file.")],
    account: Account,
    format: Annotated[
        str, typer.Option(help=f"The file's layout: {', '.join(FORMAT_NAMES)}.")
    ] = "otesse",
    mode: Mode = "test",
    dry_run: Annotated[bool, typer.Option(help="Check every row, write nothing.")] = False,
    send_invitations: Annotated[
        bool, typer.Option(help="Email each new customer an invitation.")
    ] = False,
    errors: Annotated[
        Path | None, typer.Option(help="Also write the rejected rows to this CSV file.")
    ] = None,
) -> None:
    """Import customers; rows matching a customer (by external_id, then email) update it or
    are skipped."""
    _check_mode(mode)
    if format not in FORMAT_NAMES:
        raise typer.BadParameter(f"one of {', '.join(FORMAT_NAMES)}", param_hint="--format")
    console = Console(stderr=True)
    options = ImportOptions(format=format, dry_run=dry_run, send_invitations=send_invitations)
    try:
        result = asyncio.run(_import(file, account, mode, options, console, errors))
    except FileRefused as refused:
        typer.echo(f"refused: {refused.message} ({refused.code})", err=True)
        raise typer.Exit(2) from None
    verb = "would import" if dry_run else "imported"
    typer.echo(
        f"{verb} {result.processed} rows: {result.created} created, {result.updated} updated, "
        f"{result.skipped} skipped, {result.failed} failed",
        err=True,
    )
    if result.failed:
        raise typer.Exit(1)


async def _import(
    file: Path,
    account_name: str,
    mode: str,
    options: ImportOptions,
    console: Console,
    errors_file: Path | None,
) -> ImportProgress:
    database = Database(get_settings().database_url, pool_size=2)
    error_sink = open(errors_file, "w", newline="", encoding="utf-8") if errors_file else None  # noqa: SIM115, ASYNC230 - closed below
    try:
        async with database.transaction() as session:
            owner = await accounts.get_or_create_account(session, account_name)
        principal = Principal(account_id=owner.id, mode=mode, key_id="cli")
        with _bar(console, "import") as bar:
            task = bar.add_task("import", total=None, rate="-")

            async def started(table: Table) -> None:
                bar.update(task, total=table.rows)

            async def batch(_: Any, progress: ImportProgress) -> None:
                bar.update(task, completed=progress.processed)
                elapsed = bar.tasks[task].elapsed
                bar.update(task, rate=_rate(progress.processed, elapsed))
                for error in progress.errors:
                    where = f" column {error.column!r}" if error.column else ""
                    console.print(
                        f"row {error.row}{where}: {error.message}", markup=False, soft_wrap=True
                    )
                if error_sink is not None:
                    _write_errors(error_sink, progress)

            return await run_import(
                database, principal, file, options, on_start=started, on_batch=batch
            )
    finally:
        if error_sink is not None:
            error_sink.close()
        await database.dispose()


def _write_errors(sink: Any, progress: ImportProgress) -> None:
    writer = csv.writer(sink)
    if sink.tell() == 0:
        writer.writerow(ERROR_COLUMNS)
    writer.writerows(error_cells(error) for error in progress.errors)


def _filters(account_id: str, mode: str, given: list[str]) -> CustomerFilters:
    values: dict[str, Any] = {}
    for item in given:
        name, _, typed = item.partition("=")
        found = BY_NAME.get(name)
        if found is None:
            raise typer.BadParameter(
                f"{name!r} is not a filter: {', '.join(BY_NAME)}", param_hint="--filter"
            )
        try:
            values[name] = found.parse(TypeAdapter(found.query).validate_python(typed))
        except (ValidationError, ApiError) as error:
            raise typer.BadParameter(f"{name}: {error}", param_hint="--filter") from None
    return CustomerFilters.of(account_id, mode, **values)


@export_app.command("customers")
def export_customers(
    account: Account,
    mode: Mode = "test",
    filter: Annotated[
        list[str] | None,
        typer.Option(help="A list filter, NAME=VALUE (status=active); repeatable."),
    ] = None,
    ndjson: Annotated[bool, typer.Option(help="NDJSON instead of CSV.")] = False,
) -> None:
    """Write every matching customer to stdout (CSV, the import's format); progress on stderr."""
    _check_mode(mode)
    media_type = export.NDJSON if ndjson else export.CSV
    asyncio.run(_export(account, mode, filter or [], media_type, Console(stderr=True)))


async def _export(
    account_name: str, mode: str, given: list[str], media_type: str, console: Console
) -> None:
    database = Database(get_settings().database_url, pool_size=2)
    try:
        async with database.transaction() as session:
            owner = await accounts.find_account(session, account_name)
        if owner is None:
            raise typer.BadParameter(f"no account {account_name!r}", param_hint="--account")
        filters = _filters(owner.id, mode, given)
        out = sys.stdout.buffer
        async with export.snapshot(database.engine) as connection:
            total = await export.count(connection, filters)
            with _bar(console, "export") as bar:
                task = bar.add_task("export", total=total, rate="-")

                def advanced(written: int) -> None:
                    bar.advance(task, written)
                    done = int(bar.tasks[task].completed)
                    bar.update(task, rate=_rate(done, bar.tasks[task].elapsed))

                async for chunk in export.stream(connection, filters, media_type, advanced):
                    out.write(chunk)
        out.flush()
    finally:
        await database.dispose()
