"""``otesse seed``: demo customers (and what they own) straight into the tables."""

from typing import Annotated

import typer

from otesse.config import get_settings
from otesse.core.db import normalise_database_url
from otesse.seeding.load import Request, SeedRefused, seed


def seed_command(
    customers: Annotated[int, typer.Option(min=1, help="How many customers to create.")],
    account: Annotated[str, typer.Option(help="Account name; created when new.")] = "demo",
    mode: Annotated[str, typer.Option(help="test or live.")] = "test",
    batch_size: Annotated[int, typer.Option(min=100, help="Customers per batch.")] = 10_000,
    random_seed: Annotated[int, typer.Option("--seed", help="Random seed (names etc.).")] = 0,
) -> None:
    """Seed realistic customers with addresses, bookings, invoices and subscriptions.

    The whole seed is one transaction. An account that already has customers in that mode is
    refused (nothing is written): seed another account name instead.
    """
    if mode not in ("test", "live"):
        raise typer.BadParameter("mode must be test or live", param_hint="--mode")
    request = Request(
        database_url=normalise_database_url(get_settings().database_url),
        account=account,
        mode=mode,
        customers=customers,
        batch_size=batch_size,
        seed=random_seed,
    )
    with typer.progressbar(length=customers, label="customers", file=None) as bar:
        try:
            outcome = seed(request, bar.update, lambda line: typer.echo(f"\n{line}", err=True))
        except SeedRefused as refused:
            typer.echo(f"refused: {refused}; nothing was written", err=True)
            raise typer.Exit(1) from None
    rows = ", ".join(f"{table} {count:,}" for table, count in outcome.counts.items())
    typer.echo(
        f"seeded account {account} ({outcome.account_id}) in {outcome.seconds:.0f}s: {rows}",
        err=True,
    )
