"""Every query on events; only numbered events (committed and in the feed's order) show."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.queries import fetch_page, storable_id
from otesse.models import Event


@dataclass(frozen=True, slots=True)
class EventFilters:
    account_id: str
    mode: str
    types: Sequence[str] = field(default_factory=tuple)
    customer_id: str | None = None
    created_after: datetime | None = None
    after_sequence: int | None = None


def _conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Event.account_id == filters.account_id,
        Event.mode == filters.mode,
        Event.sequence.is_not(None),
    ]
    if filters.types and "*" not in filters.types:
        exact = [name for name in filters.types if not name.endswith(".*")]
        families = [name[:-1] for name in filters.types if name.endswith(".*")]
        where.append(
            or_(
                *([Event.type.in_(exact)] if exact else []),
                *(Event.type.startswith(family, autoescape=True) for family in families),
            )
        )
    if filters.customer_id is not None:
        where.append(Event.customer_id == filters.customer_id)
    if filters.created_after is not None:
        where.append(Event.created_at > filters.created_after)
    if filters.after_sequence is not None:
        where.append(Event.sequence > filters.after_sequence)
    return where


async def page_of_events(
    session: AsyncSession, filters: EventFilters, *, offset: int, limit: int
) -> tuple[Sequence[Event], int]:
    """Newest first; the feed form (``after_sequence``) oldest first, as it is read."""
    order: Any = Event.sequence if filters.after_sequence is not None else Event.sequence.desc()
    return await fetch_page(
        session, Event, _conditions(filters), order_by=[order], offset=offset, limit=limit
    )


async def find_event(
    session: AsyncSession, *, account_id: str, mode: str, event_id: str
) -> Event | None:
    if not storable_id(event_id):
        return None
    return await session.scalar(
        select(Event).where(
            Event.id == event_id,
            Event.account_id == account_id,
            Event.mode == mode,
            Event.sequence.is_not(None),
        )
    )


async def events_by_ids(
    session: AsyncSession, *, account_id: str, mode: str, event_ids: Sequence[str]
) -> list[Event]:
    found = await session.scalars(
        select(Event).where(
            Event.id.in_(list(event_ids)),
            Event.account_id == account_id,
            Event.mode == mode,
            Event.sequence.is_not(None),
        )
    )
    return list(found)
