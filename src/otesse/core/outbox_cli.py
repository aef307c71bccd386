"""``otesse outbox list [--failed]`` and ``otesse outbox retry ID``: see and resend mail.

Beside the outbox it drives; what a retry resets in the message's domain is that topic's
``on_requeue`` (outbox_topics.py)."""

import asyncio
from typing import Annotated

import typer

from otesse.config import get_settings
from otesse.core import outbox
from otesse.core.db import Database
from otesse.core.outbox import OutboxEntry
from otesse.core.outbox_topics import discover

outbox_app = typer.Typer(help="See and retry queued emails.", no_args_is_help=True)


def _row(entry: OutboxEntry) -> str:
    # Ids, states and redacted errors only: no names or addresses on an operator's screen.
    return "\t".join(
        [
            entry.id,
            entry.topic,
            entry.status,
            str(entry.attempts),
            f"{entry.created_at:%Y-%m-%dT%H:%M:%SZ}",
            entry.message_id,
            entry.last_error or "",
        ]
    )


@outbox_app.command("list")
def list_outbox(
    failed: Annotated[bool, typer.Option("--failed", help="Only dead-lettered messages.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 100,
) -> None:
    """List messages: id, topic, status, attempts, created, Message-ID, last error."""

    async def rows() -> list[OutboxEntry]:
        database = Database(get_settings().database_url, pool_size=1)
        try:
            async with database.transaction() as session:
                return await outbox.list_messages(
                    session, statuses=("dead",) if failed else None, limit=limit
                )
        finally:
            await database.dispose()

    for entry in asyncio.run(rows()):
        typer.echo(_row(entry))


@outbox_app.command("retry")
def retry_outbox(
    outbox_id: Annotated[str, typer.Argument(help="The message's id (obx_...).")],
) -> None:
    """Send a dead-lettered (or waiting) message again now, with a fresh count of attempts."""

    async def retry() -> OutboxEntry | None:
        database = Database(get_settings().database_url, pool_size=1)
        try:
            async with database.transaction() as session:
                entry = await outbox.requeue(session, outbox_id)
                topic = discover().get(entry.topic) if entry is not None else None
                if entry is not None and topic is not None and topic.on_requeue is not None:
                    await topic.on_requeue(session, entry)
                return entry
        finally:
            await database.dispose()

    entry = asyncio.run(retry())
    if entry is None:
        typer.echo(f"no message {outbox_id} waiting or dead-lettered", err=True)
        raise typer.Exit(1)
    typer.echo(f"queued {outbox_id}", err=True)
