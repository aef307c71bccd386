"""``otesse stats verify``: recompute every customer's stats and the trigger-kept counters,
and report any difference."""

import asyncio

import typer

from otesse.config import get_settings
from otesse.core.db import Database
from otesse.stats.verify import (
    CounterDifference,
    StatDifference,
    find_counter_differences,
    find_stat_differences,
)

stats_app = typer.Typer(help="Customer statistics.", no_args_is_help=True)


async def verify_database(url: str) -> tuple[list[StatDifference], list[CounterDifference]]:
    database = Database(url, pool_size=2)
    try:
        async with database.transaction() as session:
            return await find_stat_differences(session), await find_counter_differences(session)
    finally:
        await database.dispose()


@stats_app.command("verify")
def verify() -> None:
    """Recompute stats from bookings, invoices and subscriptions, and the booking counters
    from bookings; exit 1 on any difference."""
    differences, counters = asyncio.run(verify_database(get_settings().database_url))
    for line in [d.describe() for d in differences] + [c.describe() for c in counters]:
        typer.echo(line)
    if differences:
        customers = len({difference.customer_id for difference in differences})
        typer.echo(f"{len(differences)} difference(s) in {customers} customer(s)", err=True)
    if counters:
        typer.echo(f"{len(counters)} counter row(s) differ from their rows", err=True)
    if differences or counters:
        raise typer.Exit(1)
    typer.echo("stats verified: no difference", err=True)
