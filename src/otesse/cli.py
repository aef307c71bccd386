"""The ``otesse`` command: serve, migrate, keys (and, from their domains, worker and seed)."""

import asyncio
import math
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from otesse.auth import repository as keys_repository
from otesse.auth.keys import hash_key
from otesse.config import get_settings
from otesse.core.data_keys_cli import data_keys_app
from otesse.core.db import Database
from otesse.core.migrations import upgrade_to_head
from otesse.core.outbox_cli import outbox_app
from otesse.imports.cli import export_app, import_app
from otesse.seeding.cli import seed_command
from otesse.stats.cli import stats_app
from otesse.webhooks.cli import events_app, webhooks_app
from otesse.worker import run_worker_process

app = typer.Typer(help="Otesse Customers API.", no_args_is_help=True, add_completion=False)
keys_app = typer.Typer(help="Create, list and revoke secret API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(stats_app, name="stats")
app.add_typer(outbox_app, name="outbox")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.add_typer(events_app, name="events")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(data_keys_app, name="data-keys")
app.command("worker", help="Send queued emails until stopped (any number may run).")(
    run_worker_process
)
app.command("seed")(seed_command)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="API processes.")] = 1,
    no_worker: Annotated[
        bool,
        typer.Option("--no-worker", help="No email or webhook worker in this process."),
    ] = False,
) -> None:
    """Serve the API (with the email worker in each API process unless --no-worker)."""
    if no_worker:
        # The API processes read their settings from the environment they inherit.
        os.environ["OTESSE_RUN_WORKER"] = "false"
        get_settings.cache_clear()
    uvicorn.run(
        "otesse.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_config=None,
        # Requests the parser refuses are answered in the API's error shape (core/http_protocol.py).
        http="otesse.core.http_protocol:ApiHttpProtocol",
        # SIGTERM: stop accepting, give the requests in flight this long, then stop the
        # worker (which releases what it holds): the draining shutdown of docs/scaling.md.
        timeout_graceful_shutdown=math.ceil(get_settings().shutdown_grace_seconds),
    )


@app.command()
def migrate() -> None:
    """Apply the database migrations (Alembic upgrade head) to OTESSE_DATABASE_URL."""
    upgrade_to_head(get_settings().database_url)
    typer.echo("migrated", err=True)


def _database() -> Database:
    return Database(get_settings().database_url, pool_size=2)


@keys_app.command("create")
def create_key(
    account: Annotated[str, typer.Option(help="Account name; created when new.")],
    mode: Annotated[str, typer.Option(help="test or live.")] = "test",
) -> None:
    """Create a secret key and print it alone on stdout (it is shown only once)."""
    if mode not in ("test", "live"):
        raise typer.BadParameter("mode must be test or live", param_hint="--mode")

    async def create() -> str:
        database = _database()
        try:
            async with database.transaction() as session:
                owner = await keys_repository.get_or_create_account(session, account)
                _, secret = await keys_repository.create_key(session, account=owner, mode=mode)
                return secret
        finally:
            await database.dispose()

    typer.echo(asyncio.run(create()))


@keys_app.command("list")
def list_keys() -> None:
    """List keys (redacted) with their account, mode and state."""

    async def rows() -> list[str]:
        database = _database()
        try:
            async with database.transaction() as session:
                listed = await keys_repository.list_keys(session)
        finally:
            await database.dispose()
        return [
            f"{key.id}\t{account}\t{key.mode}\t{key.redacted}\t"
            f"{'revoked' if key.revoked_at else 'active'}\t{key.created_at:%Y-%m-%dT%H:%M:%SZ}"
            for key, account in listed
        ]

    for row in asyncio.run(rows()):
        typer.echo(row)


@keys_app.command("revoke")
def revoke_key(key_id: Annotated[str, typer.Argument(help="The key's id (key_...).")]) -> None:
    """Revoke a key: requests with it get 401 from now on."""

    async def revoke() -> bool:
        database = _database()
        try:
            async with database.transaction() as session:
                return await keys_repository.revoke_key(session, key_id)
        finally:
            await database.dispose()

    if not asyncio.run(revoke()):
        typer.echo(f"no active key {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}", err=True)


@keys_app.command("demo")
def demo_key(
    remember_in: Annotated[Path, typer.Option(help="Where the demo key is kept.")] = Path(
        "var/demo_key"
    ),
) -> None:
    """Print the test key of the `demo` account, creating both the first time.

    Keys are stored hashed, so the secret is kept in a local file to print the same one again.
    """

    async def ensure() -> str:
        database = _database()
        try:
            async with database.transaction() as session:
                if remember_in.exists():
                    secret = remember_in.read_text().strip()
                    if await keys_repository.find_active_key(session, hash_key(secret)):
                        return secret
                owner = await keys_repository.get_or_create_account(session, "demo")
                _, secret = await keys_repository.create_key(session, account=owner, mode="test")
        finally:
            await database.dispose()
        remember_in.parent.mkdir(parents=True, exist_ok=True)
        remember_in.write_text(secret + "\n")
        remember_in.chmod(0o600)
        return secret

    typer.echo(asyncio.run(ensure()))


def main() -> None:
    app()
