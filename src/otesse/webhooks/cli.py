"""``otesse events tail`` and ``otesse webhooks test URL``: see events as they commit, and
send a receiver a signed sample (in the spirit of ``stripe listen`` / ``stripe trigger``)."""

import asyncio
import contextlib
import sys
from datetime import timedelta
from typing import Annotated

import httpx
import orjson
import typer
from sqlalchemy import func, select

from otesse.config import get_settings
from otesse.core.db import Database
from otesse.core.events import event_document, event_json, is_selector, selects
from otesse.core.ids import new_id
from otesse.models import Event
from otesse.models.base import utcnow
from otesse.webhooks.delivery import signed_headers
from otesse.webhooks.secrets import new_signing_secret
from otesse.webhooks.transport import post
from otesse.webhooks.urls import UnsafeUrl, check_form, resolve_checked

events_app = typer.Typer(help="Watch the events feed.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Try webhook receivers.", no_args_is_help=True)


def _line(event: Event, full: bool) -> str:
    if full:
        return orjson.dumps(event_json(event)).decode()
    # Ids and types only by default: no names or addresses on a shared screen.
    return "\t".join(
        [str(event.sequence), event.type, event.id, event.customer_id or "-", event.mode]
    )


@events_app.command("tail")
def tail(
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only these types (repeatable; `customer.*` for a family)."),
    ] = None,
    mode: Annotated[str | None, typer.Option(help="Only `test` or `live` events.")] = None,
    full: Annotated[bool, typer.Option("--json", help="Print each whole event as JSON.")] = False,
    poll: Annotated[float, typer.Option(min=0.05, help="Seconds between looks.")] = 0.5,
) -> None:
    """Print events as they commit (once a worker has numbered them: `make run` runs one):
    sequence, type, id, customer id, mode. Stop with Ctrl-C."""
    selectors = list(type_ or [])
    for selector in selectors:
        if not is_selector(selector):
            raise typer.BadParameter(f"unknown event type {selector}", param_hint="--type")

    async def follow() -> None:
        database = Database(get_settings().database_url, pool_size=1)
        try:
            async with database.session() as session:
                # Where each account and mode stands now: only what is numbered later shows.
                seen: dict[tuple[str, str], int] = {
                    (account, tenant_mode): int(top)
                    for account, tenant_mode, top in await session.execute(
                        select(Event.account_id, Event.mode, func.max(Event.sequence)).group_by(
                            Event.account_id, Event.mode
                        )
                    )
                    if top is not None
                }
            # An event is numbered within a worker round of its commit; a look back of an
            # hour bounds each query without missing one numbered late.
            since = utcnow() - timedelta(hours=1)
            print("watching for events (Ctrl-C to stop)", file=sys.stderr, flush=True)
            while True:
                async with database.session() as session:
                    query = (
                        select(Event)
                        .where(Event.sequence.is_not(None), Event.created_at >= since)
                        .order_by(Event.account_id, Event.mode, Event.sequence)
                    )
                    if mode is not None:
                        query = query.where(Event.mode == mode)
                    for event in await session.scalars(query):
                        tenant = (event.account_id, event.mode)
                        if event.sequence is None or event.sequence <= seen.get(tenant, 0):
                            continue
                        seen[tenant] = event.sequence
                        if not selectors or selects(selectors, event.type):
                            # Flushed per line: a pipe (| grep) sees each as it commits.
                            print(_line(event, full), flush=True)
                await asyncio.sleep(poll)
        finally:
            await database.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(follow())


SAMPLE_CUSTOMER = {
    "id": "cust_sample",
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane@example.com",
    "status": "active",
}


@webhooks_app.command("test")
def test(
    url: Annotated[str, typer.Argument(help="The receiver's URL.")],
    secret: Annotated[
        str | None, typer.Option(help="Sign with this whsec_ secret (default: a new one).")
    ] = None,
) -> None:
    """POST a signed sample `customer.created` event to URL and show the answer."""
    settings = get_settings()
    signing = secret or new_signing_secret()
    event_id = new_id("evt")

    class Sample:
        id = event_id
        type = "customer.created"
        created_at = utcnow()
        customer_id = "cust_sample"
        sequence = 0
        data = orjson.dumps({"object": SAMPLE_CUSTOMER, "previous_attributes": {}}).decode()
        request_id = None
        idempotency_key = None

    body = orjson.dumps(event_document(Sample, Sample.data))

    async def send() -> None:
        try:
            check_form(url, live=False)
            address = await resolve_checked(
                url, allow_private=settings.webhook_allow_private_networks
            )
        except UnsafeUrl as refused:
            typer.echo(f"refused: {refused}", err=True)
            raise typer.Exit(2) from refused
        headers = signed_headers([signing], event_id=event_id, body=body)
        async with httpx.AsyncClient(follow_redirects=False) as client:
            answer = await post(
                client,
                url=url,
                address=address,
                headers=headers,
                body=body,
                deadline_seconds=settings.webhook_timeout_seconds,
            )
        typer.echo(f"secret: {signing}")
        typer.echo(f"webhook-id: {event_id}")
        typer.echo(f"address: {address}")
        shown = answer.status_code if answer.status_code is not None else "no answer"
        typer.echo(f"status: {shown} in {answer.duration_ms} ms")
        if answer.error:
            typer.echo(f"error: {answer.error}")
        if not answer.succeeded:
            raise typer.Exit(1)

    asyncio.run(send())
