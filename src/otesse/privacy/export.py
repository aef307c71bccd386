"""``GET /v1/customers/{id}/export``: everything held about a person as one JSON document,
written as it is read.

The document is streamed in pieces: the customer as GET answers it, then each collection in
batches of BATCH rows read by key after the last one (bounded memory, whatever the count),
all inside one read-only transaction that sees one snapshot (REPEATABLE READ on PostgreSQL;
on SQLite the transaction is a snapshot already). Each piece is rendered by its own domain's
renderer, so an export shows each record exactly as its API does.
"""

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.bookings.service import render_booking
from otesse.consents.service import render_consent
from otesse.core.db import Database
from otesse.core.events import event_json
from otesse.core.json import timestamp
from otesse.customers.service import customer_representation
from otesse.invoices.repository import line_items_by_invoice
from otesse.invoices.service import render_invoice
from otesse.models import Booking, Consent, Event, Invitation, Invoice, Subscription
from otesse.subscriptions.service import render_subscription

# Bump when a key changes meaning or goes away; new keys keep the version (docs/privacy.md).
SCHEMA_VERSION = 1
BATCH = 500


def render_invitation(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "sent": invitation.token_hash is not None,
        "created_at": timestamp(invitation.created_at),
        "expires_at": timestamp(invitation.expires_at),
        "superseded_at": timestamp(invitation.superseded_at),
    }


async def _invoices(session: AsyncSession, invoices: Sequence[Invoice]) -> list[dict[str, Any]]:
    items = await line_items_by_invoice(session, [invoice.id for invoice in invoices])
    return [render_invoice(invoice, items.get(invoice.id, [])) for invoice in invoices]


def _each(render: Callable[[Any], dict[str, Any]], *, by_mapping: bool = False) -> Any:
    async def rendered(session: AsyncSession, rows: Sequence[Any]) -> list[dict[str, Any]]:
        return [render(row._mapping if by_mapping else row) for row in rows]

    return rendered


# The collections, in the document's order: key, model, renderer of a batch, and which of
# the customer's rows it holds (None: all).
COLLECTIONS: tuple[tuple[str, Any, Any, Any], ...] = (
    ("bookings", Booking, _each(render_booking), None),
    ("subscriptions", Subscription, _each(render_subscription), None),
    ("invoices", Invoice, _invoices, None),
    ("invitations", Invitation, _each(render_invitation), None),
    # The consent ledger, with each record's address, browser and words (consents/).
    ("consents", Consent, _each(render_consent, by_mapping=True), None),
    # Every retained event about the person, as the feed shows it: numbered (a worker numbers
    # a committed event within a moment; docs/webhooks.md).
    ("events", Event, _each(event_json), Event.__table__.c.sequence.is_not(None)),
)


async def _collection(
    session: AsyncSession, model: Any, render: Any, held: Any, customer_id: str
) -> AsyncIterator[bytes]:
    after = ""
    first = True
    while True:
        # Core rows, not ORM objects: the renderers read attributes, which rows have too,
        # at half the cost per record.
        table = model.__table__
        found = await session.execute(
            select(table)
            .where(table.c.customer_id == customer_id, table.c.id > after)
            .where(*([] if held is None else [held]))
            .order_by(table.c.id)
            .limit(BATCH)
        )
        rows = found.all()
        if not rows:
            return
        # One piece per batch: a piece is one ASGI message, and one per record cost more
        # than rendering it.
        pieces = [orjson.dumps(document) for document in await render(session, rows)]
        yield (b"" if first else b",") + b",".join(pieces)
        first = False
        after = rows[-1].id
        session.expunge_all()  # the line items of a batch of invoices: written, let them go


async def export_document(
    database: Database, principal: Principal, customer_id: str
) -> AsyncIterator[bytes]:
    """The export's bytes, piece by piece (the route checked that the customer exists)."""
    async with database.transaction() as session:
        if not database.is_sqlite:  # one snapshot for every batch
            await session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        customer = await customer_representation(
            session, account_id=principal.account_id, mode=principal.mode, customer_id=customer_id
        )
        assert customer is not None, "the route found it"
        head = {
            "object": "customer_export",
            "schema_version": SCHEMA_VERSION,
            "generated_at": timestamp(datetime.now(UTC)),
        }
        yield orjson.dumps(head)[:-1] + b',"customer":' + customer
        for key, model, render, held in COLLECTIONS:
            yield b',"' + key.encode() + b'":['
            async for piece in _collection(session, model, render, held, customer_id):
                yield piece
            yield b"]"
        yield b"}"
