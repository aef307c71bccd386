"""``otesse data-keys generate`` and ``otesse data-keys rotate`` (docs/privacy.md)."""

import asyncio
from typing import Annotated

import typer

from otesse.config import get_settings
from otesse.core import data_keys, sealing
from otesse.core.db import Database

data_keys_app = typer.Typer(
    help="The key ring sealing access notes at rest (OTESSE_DATA_KEYS).", no_args_is_help=True
)


@data_keys_app.command("generate")
def generate(
    key_id: Annotated[str, typer.Argument(help="The new key's id (A-Z a-z 0-9 -, e.g. k2).")],
) -> None:
    """Print a new ``id=key`` entry: append it to OTESSE_DATA_KEYS (last = newest), deploy,
    then run ``otesse data-keys rotate``."""
    try:
        typer.echo(sealing.new_key_entry(key_id))
    except sealing.DataKeysInvalid as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


@data_keys_app.command("rotate")
def rotate(
    batch_size: Annotated[int, typer.Option(min=1, max=10000, help="Rows per transaction.")] = 500,
) -> None:
    """Re-seal every sealed value under the newest key, in batches, while the API serves.
    Safe to stop and run again: it resumes with what is left."""
    ring = sealing.ring_of(get_settings())

    async def run() -> data_keys.Rotation:
        database = Database(get_settings().database_url, pool_size=1)
        try:
            left = await data_keys.pending(database, ring)
            typer.echo(
                f"newest key {ring.newest}; to re-seal: "
                + ", ".join(f"{table} {count}" for table, count in left.items()),
                err=True,
            )
            with typer.progressbar(length=sum(left.values()), label="re-sealing") as bar:
                return await data_keys.rotate(
                    database, ring, batch_size=batch_size, progress=bar.update
                )
        finally:
            await database.dispose()

    try:
        done = asyncio.run(run())
    except sealing.DataKeyUnknown:
        typer.echo(
            "a value is sealed under a key missing from OTESSE_DATA_KEYS: add the old key back "
            "and run again (the rows done so far stay done)",
            err=True,
        )
        raise typer.Exit(1) from None
    for table, count in done.rotated.items():
        typer.echo(
            f"{table}: {count} re-sealed, {done.changed_meanwhile[table]} changed meanwhile "
            "(already under the newest key)"
        )
