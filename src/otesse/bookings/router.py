"""``/v1/bookings`` and ``/v1/customers/:id/bookings`` (the same list, scoped to a customer)."""

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal, Principal, authenticate
from otesse.bookings import service
from otesse.bookings.repository import BookingFilters
from otesse.bookings.schemas import (
    BookingCreate,
    BookingList,
    BookingRead,
    BookingSort,
    BookingStatus,
    BookingUpdate,
)
from otesse.core.actions import add_action_route
from otesse.core.idempotency import IdempotencyKey, idempotent_json
from otesse.core.json import json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.core.validation import UtcMomentOrDate
from otesse.stats import owners

router = APIRouter(tags=["bookings"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]
Page = Annotated[PageRequest, Depends(page_request)]
Moment = UtcMomentOrDate | None
BOUND = "RFC 3339 date-time, or a date (its midnight UTC); exclusive."


async def booking_filters(
    status: Annotated[
        BookingStatus | None, Query(description="Only bookings in this status.")
    ] = None,
    zone_id: Annotated[
        str | None, Query(min_length=1, description="Bookings at addresses in the zone.")
    ] = None,
    subscription_id: Annotated[
        str | None, Query(min_length=1, description="Bookings of this subscription.")
    ] = None,
    scheduled_after: Annotated[Moment, Query(description=BOUND)] = None,
    scheduled_before: Annotated[Moment, Query(description=BOUND)] = None,
    created_after: Annotated[Moment, Query(description=BOUND)] = None,
    sort: Annotated[
        BookingSort,
        Query(description="By `scheduled_at`, oldest first, or `-scheduled_at`, newest first."),
    ] = "-scheduled_at",
) -> BookingFilters:
    return BookingFilters(
        status=status,
        zone_id=zone_id,
        subscription_id=subscription_id,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        created_after=created_after,
        sort=sort,
    )


Filters = Annotated[BookingFilters, Depends(booking_filters)]


async def _list_response(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    filters: BookingFilters,
    page: PageRequest,
) -> Response:
    bookings, total = await service.list_bookings(
        session, principal, filters, offset=page.offset, limit=page.per_page
    )
    return page_response(request, bookings, page, total)


@router.post(
    "/v1/bookings",
    operation_id="bookings_create",
    status_code=201,
    response_model=BookingRead,
    responses=error_responses(404, 409),
    summary="Create a booking",
    description=(
        "A `scheduled` booking of one of the customer's addresses, optionally part of one of its "
        "subscriptions. A deactivated customer is 409 `customer_deactivated`."
    ),
)
async def create_booking(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    body: BookingCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return await idempotent_json(
        request,
        session,
        principal,
        lambda: service.create_booking(session, principal, body),
        status_code=201,
    )


@router.get(
    "/v1/bookings",
    operation_id="bookings_list",
    response_model=BookingList,
    responses=error_responses(),
    summary="List bookings",
    description=(
        "The tenant's bookings, by `scheduled_at` (newest first unless `sort` says otherwise), ties"
        " by id."
    ),
)
async def list_bookings(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    filters: Filters,
    page: Page,
    customer_id: Annotated[
        str | None, Query(min_length=1, description="Only this customer's bookings.")
    ] = None,
) -> Response:
    filters = replace(filters, customer_id=customer_id)
    return await _list_response(request, session, principal, filters, page)


@router.get(
    "/v1/customers/{customer_id}/bookings",
    operation_id="customer_bookings_list",
    response_model=BookingList,
    responses=error_responses(404),
    tags=["customers"],
    summary="List a customer's bookings",
    description=(
        "The bookings list for one customer: every parameter of `bookings_list` but `customer_id`."
    ),
)
async def list_customer_bookings(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    customer_id: str,
    filters: Filters,
    page: Page,
) -> Response:
    await owners.find_customer(session, principal, customer_id)
    filters = replace(filters, customer_id=customer_id)
    return await _list_response(request, session, principal, filters, page)


@router.get(
    "/v1/bookings/{booking_id}",
    operation_id="bookings_get",
    response_model=BookingRead,
    responses=error_responses(404),
    summary="Get a booking",
    description="One booking of the tenant.",
)
async def get_booking(principal: CurrentPrincipal, session: Session, booking_id: str) -> Response:
    return json_response(await service.get_booking(session, principal, booking_id))


@router.patch(
    "/v1/bookings/{booking_id}",
    operation_id="bookings_update",
    response_model=BookingRead,
    responses=error_responses(404, 409),
    summary="Reschedule a booking or change its notes",
    description=(
        "`scheduled_at`, `duration_minutes` and `notes` of a `scheduled` or `confirmed` booking; "
        "any other status is 409 `booking_status_invalid`."
    ),
)
async def update_booking(
    principal: CurrentPrincipal, session: Session, booking_id: str, body: BookingUpdate
) -> Response:
    return json_response(await service.update_booking(session, principal, booking_id, body))


for action_name, action_summary, action_description in (
    ("confirm", "Confirm a scheduled booking", "`scheduled` to `confirmed`."),
    ("start", "Mark a booking in progress", "`scheduled` or `confirmed` to `in_progress`."),
    (
        "complete",
        "Complete a booking (counts in the customer's stats)",
        "`scheduled`, `confirmed` or `in_progress` to `completed`; the customer's "
        "`total_bookings` and `last_booking_at` follow in the same transaction.",
    ),
    (
        "cancel",
        "Cancel a scheduled or confirmed booking",
        "`scheduled` or `confirmed` to `cancelled`.",
    ),
):
    add_action_route(
        router,
        path=f"/v1/bookings/{{booking_id}}/{action_name}",
        id_param="booking_id",
        name=f"{action_name}_booking",
        operation_id=f"bookings_{action_name}",
        summary=action_summary,
        description=action_description + " Any other status is 409 `booking_status_invalid`.",
        response_model=BookingRead,
        authenticate=authenticate,
        perform=getattr(service, f"{action_name}_booking"),
    )
