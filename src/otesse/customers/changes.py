"""The event of a change of a customer: its representation before and after, compared.

Shared by every domain that changes what GET /v1/customers/:id answers (the customer
itself, its addresses, its invitation)."""

from collections.abc import Sequence

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core import events
from otesse.customers.reads import reads_for
from otesse.models import Customer


async def _document(session: AsyncSession, customer: Customer) -> bytes:
    document = await reads_for(session).one(
        session, account_id=customer.account_id, mode=customer.mode, customer_id=customer.id
    )
    assert document is not None, "the customer is locked by this transaction"
    return document


async def record_change(
    session: AsyncSession, customer: Customer, event_type: str, before: bytes
) -> bytes:
    """Write the event of a change of ``customer`` (flushed): the customer as GET answers it
    now, and the top-level fields whose value ``before`` (its representation before the
    change) differs in. Returns the representation after, for the caller to answer."""
    await session.flush()
    after = await _document(session, customer)
    previous = events.previous_attributes(orjson.loads(before), orjson.loads(after))
    if previous:
        await events.record(
            session,
            account_id=customer.account_id,
            mode=customer.mode,
            type=event_type,
            customer_id=customer.id,
            resource=after,
            previous=previous,
        )
    return after


async def representation_of(session: AsyncSession, customer: Customer) -> bytes:
    """A customer's representation in this transaction (before a change, for its event)."""
    return await _document(session, customer)


async def record_created_many(
    session: AsyncSession, *, account_id: str, mode: str, customer_ids: Sequence[str]
) -> None:
    """``customer.created`` for many customers just inserted together (a batch of an import),
    each carrying the customer as GET answers it, read in one go (on PostgreSQL, its JSON is
    the database's document: no Python rendering of a batch)."""
    documents = await reads_for(session).several(
        session, account_id=account_id, mode=mode, customer_ids=list(customer_ids)
    )
    await events.record_many(
        session,
        account_id=account_id,
        mode=mode,
        changes=[
            events.Change(
                type="customer.created", customer_id=customer_id, resource=documents[customer_id]
            )
            for customer_id in customer_ids
        ],
    )
