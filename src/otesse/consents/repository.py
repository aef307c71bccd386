"""Every query on the consent ledger. Records are inserted, read and (erasure only) deleted."""

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.consents.schemas import ConsentRead
from otesse.core.bulk import insert_many
from otesse.core.representation import columns_read
from otesse.models import Consent, ConsentErasure

COLUMNS = tuple(getattr(Consent, name) for name in columns_read(ConsentRead))
NEWEST_FIRST = (Consent.recorded_at.desc(), Consent.id.desc())


async def insert_record(session: AsyncSession, values: Mapping[str, object]) -> None:
    await session.execute(insert(Consent).values(**values))


async def insert_records(session: AsyncSession, records: Sequence[Mapping[str, object]]) -> None:
    """Many records in one statement (core/bulk.py)."""
    await insert_many(session, Consent, records)


async def page_of(
    session: AsyncSession, customer_id: str, *, offset: int, limit: int
) -> tuple[Sequence[RowMapping], int]:
    total = await session.scalar(
        select(func.count()).select_from(Consent).where(Consent.customer_id == customer_id)
    )
    rows = await session.execute(
        select(*COLUMNS)
        .where(Consent.customer_id == customer_id)
        .order_by(*NEWEST_FIRST)
        .offset(offset)
        .limit(limit)
    )
    return rows.mappings().all(), int(total or 0)


async def one(session: AsyncSession, customer_id: str, consent_id: str) -> RowMapping | None:
    rows = await session.execute(
        select(*COLUMNS).where(Consent.customer_id == customer_id, Consent.id == consent_id)
    )
    return rows.mappings().first()


async def current_states(session: AsyncSession, customer_id: str, purpose: str) -> dict[str, str]:
    """The latest record's state per channel for ``purpose`` (channels never recorded absent)."""
    rows = await session.execute(
        select(Consent.channel, Consent.state)
        .where(Consent.customer_id == customer_id, Consent.purpose == purpose)
        .order_by(Consent.recorded_at, Consent.id)
    )
    # Oldest first: each later record overwrites the channel's earlier one.
    return {channel: state for channel, state in rows}


async def erase(session: AsyncSession, customer_id: str) -> None:
    """Delete the customer's records: the one deletion the ledger's triggers allow (for the
    privacy issue's erasure), through a grant that lives only inside this transaction."""
    await session.execute(insert(ConsentErasure).values(customer_id=customer_id))
    await session.execute(delete(Consent).where(Consent.customer_id == customer_id))
    await session.execute(delete(ConsentErasure).where(ConsentErasure.customer_id == customer_id))
