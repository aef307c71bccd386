"""``/v1/events``: the change feed, newest first or (``after_sequence``) resumable in order."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.enums import NamedEnum
from otesse.core.errors import InvalidRequest
from otesse.core.events import SELECTOR_PATTERN, SELECTORS, is_selector
from otesse.core.json import json_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import DIGITS, PageRequest, page_request, pagination, set_link_header
from otesse.core.routing import TransactionalRoute, get_session
from otesse.core.validation import UtcMomentOrDate
from otesse.events import service
from otesse.events.repository import EventFilters
from otesse.events.schemas import EventList, EventRead

router = APIRouter(prefix="/v1/events", tags=["events"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]

TypeSelector = Annotated[
    str, Query(pattern=SELECTOR_PATTERN), NamedEnum("EventSelector", values=SELECTORS)
]


async def event_filters(
    principal: CurrentPrincipal,
    type: Annotated[
        list[TypeSelector] | None,
        Query(
            description="Only events of these types (repeatable); `customer.*` names a family.",
            max_length=50,
        ),
    ] = None,
    customer_id: Annotated[
        str | None, Query(min_length=1, description="Only events about this customer.")
    ] = None,
    created_after: Annotated[
        UtcMomentOrDate | None,
        Query(description="RFC 3339 date-time, or a date (its midnight UTC); exclusive."),
    ] = None,
    after_sequence: Annotated[
        int | None,
        Query(
            ge=0,
            le=2**53 - 1,
            description="The feed form: events after this `sequence`, oldest first; resume "
            "from the last `sequence` you read (0 from the start).",
        ),
        DIGITS,
    ] = None,
) -> EventFilters:
    for selector in type or []:
        if not is_selector(selector):
            raise InvalidRequest(
                f"Unknown event type: {selector} (docs/webhooks.md lists them).",
                code="parameter_invalid",
                param="type",
            )
    return EventFilters(
        account_id=principal.account_id,
        mode=principal.mode,
        types=tuple(type or ()),
        customer_id=customer_id,
        created_after=created_after,
        after_sequence=after_sequence,
    )


@router.get(
    "",
    operation_id="events_list",
    response_model=EventList,
    responses=error_responses(),
    summary="List events",
    description="Every committed change, newest first, with the exact total. With "
    "`after_sequence=N` it is the change feed: the events after `N`, oldest first; read "
    "until `has_more` is false and resume from the last `sequence` seen — a sequence number is "
    "given at commit, so no event committed late is ever skipped. Kept 30 days by default.",
)
async def list_events(
    request: Request,
    session: Session,
    filters: Annotated[EventFilters, Depends(event_filters)],
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    events, total = await service.list_events(
        session, filters, offset=page.offset, limit=page.per_page
    )
    response = json_response(
        {
            "data": events,
            "pagination": pagination(page, total),
            "has_more": page.offset + len(events) < total,
        }
    )
    set_link_header(response, request, page, total)
    return response


@router.get(
    "/{event_id}",
    operation_id="events_get",
    response_model=EventRead,
    responses=error_responses(404),
    summary="Get an event",
    description="One event, as the feed and its webhook deliveries show it.",
)
async def get_event(principal: CurrentPrincipal, session: Session, event_id: str) -> Response:
    return json_response(await service.get_event(session, principal, event_id))
