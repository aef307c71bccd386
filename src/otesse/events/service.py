"""Reading the change feed."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.events import event_json
from otesse.core.queries import not_found
from otesse.events import repository
from otesse.events.repository import EventFilters


async def list_events(
    session: AsyncSession, filters: EventFilters, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    rows, total = await repository.page_of_events(session, filters, offset=offset, limit=limit)
    return [event_json(row) for row in rows], total


async def get_event(session: AsyncSession, principal: Principal, event_id: str) -> dict[str, Any]:
    event = await repository.find_event(
        session, account_id=principal.account_id, mode=principal.mode, event_id=event_id
    )
    if event is None:
        raise not_found("event", event_id, param="event_id")
    return event_json(event)
