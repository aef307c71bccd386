"""HTTP for /v1/customers: parse, call the service, shape the response.

Responses are serialised with orjson from plain dicts (the read paths are hot); the
``response_model`` declarations keep the OpenAPI document exact all the same.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal, Principal
from otesse.core.errors import InvalidRequest
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode, encoded_page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.core.validation import QueryBool, is_rfc3339
from otesse.customers import service
from otesse.customers.etags import IF_MATCH_PATTERN, check_if_match, etag_of
from otesse.customers.repository import CustomerFilters
from otesse.customers.schemas import (
    CustomerCreate,
    CustomerList,
    CustomerRead,
    CustomerStatus,
    CustomerUpdate,
)
from otesse.customers.search import search_term

router = APIRouter(prefix="/v1/customers", tags=["customers"], route_class=TransactionalRoute)

Session = Annotated[AsyncSession, Depends(get_session)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="An ETag from GET; 412 when the customer changed since.",
        json_schema_extra={
            "type": "string",
            "pattern": IF_MATCH_PATTERN,
            "examples": ['"4b1c0e7d9a2f4c8e7b5a1d2c3e4f5a60"', "*"],
        },
    ),
]
WITH_ETAG: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "ETag": {
                "description": "Strong tag of this representation.",
                "schema": {"type": "string"},
            }
        }
    }
}


def tagged_response(body: bytes) -> Response:
    """The customer's JSON with its ``ETag`` (the tag of exactly these bytes)."""
    return Response(body, media_type="application/json", headers={"ETag": etag_of(body)})


def _invalid(param: str, why: str) -> InvalidRequest:
    return InvalidRequest(
        f"Invalid query parameter {param}: {why}.", code="parameter_invalid", param=param
    )


def parse_created_after(typed: str | None) -> datetime | None:
    """ISO 8601 date (midnight UTC) or date-time (UTC when it names no offset)."""
    if typed is None:
        return None
    try:
        if len(typed) == 10 and typed[4] == typed[7] == "-" and typed.isascii():
            day = date.fromisoformat(typed)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        if not (is_rfc3339(typed) or is_rfc3339(f"{typed}Z")):
            raise ValueError(typed)
        moment = datetime.fromisoformat(typed.replace("z", "Z"))
    except ValueError:
        why = "expected an ISO 8601 date (2025-06-15) or date-time (2025-06-15T09:00:00Z)"
        raise _invalid("created_after", why) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # an offset carried it past year 1 or 9999 in UTC: the bound holds
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)


@router.get(
    "",
    operation_id="customers_list",
    summary="List customers",
    response_model=CustomerList,
    responses=error_responses(),
)
async def list_customers(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
    search: Annotated[
        str | None, Query(max_length=200, description="Name, email or phone (substring).")
    ] = None,
    status: Annotated[CustomerStatus | None, Query()] = None,
    created_after: Annotated[
        str | None,
        Query(
            description="Date or RFC 3339 date-time; created at or after it.",
            json_schema_extra={
                "anyOf": [
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                ]
            },
        ),
    ] = None,
    has_subscription: Annotated[
        QueryBool | None,
        Query(description="Has an active subscription (true) or none (false)."),
    ] = None,
    zone_id: Annotated[
        str | None,
        Query(min_length=1, max_length=40, description="Has an address in this zone."),
    ] = None,
) -> Response:
    term = search_term(search) if search else None
    filters = CustomerFilters(
        account_id=principal.account_id,
        mode=principal.mode,
        search=term or None,
        status=status,
        created_after=parse_created_after(created_after),
        has_subscription=has_subscription,
        zone_id=zone_id,
    )
    customers, total = await service.list_customers(session, filters, page)
    return encoded_page_response(request, customers, page, total)


@router.post(
    "",
    operation_id="customers_create",
    summary="Create a customer",
    status_code=201,
    response_model=CustomerRead,
    responses=error_responses(409),
)
async def create_customer(
    request: Request,
    payload: CustomerCreate,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> JsonOutcome:
        customer = await service.create_customer(session, principal, payload)
        return JsonOutcome(201, encode(customer))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=create
    )


@router.get(
    "/{customer_id}",
    operation_id="customers_get",
    summary="Get a customer",
    response_model=CustomerRead,
    responses={**error_responses(404), **WITH_ETAG},
)
async def get_customer(customer_id: str, principal: CurrentPrincipal, session: Session) -> Response:
    return tagged_response(await service.get_customer(session, principal, customer_id))


async def _check_precondition(
    session: AsyncSession, principal: Principal, customer_id: str, if_match: str | None
) -> None:
    if if_match is not None:
        current = await service.get_customer(session, principal, customer_id)
        check_if_match(if_match, current)


@router.patch(
    "/{customer_id}",
    operation_id="customers_update",
    summary="Update a customer",
    response_model=CustomerRead,
    responses={**error_responses(404, 409, 412), **WITH_ETAG},
)
async def update_customer(
    customer_id: str,
    payload: CustomerUpdate,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch = None,
) -> Response:
    customer = await service.locked_customer(session, principal, customer_id)
    await _check_precondition(session, principal, customer_id, if_match)
    await service.update_customer(session, customer, payload)
    return tagged_response(await service.get_customer(session, principal, customer_id))


@router.delete(
    "/{customer_id}",
    operation_id="customers_delete",
    summary="Deactivate a customer",
    description="Sets status `deactivated` (the record is kept) and cancels the customer's "
    "future bookings and active subscriptions.",
    response_model=CustomerRead,
    responses={**error_responses(404, 412), **WITH_ETAG},
)
async def deactivate_customer(
    customer_id: str, principal: CurrentPrincipal, session: Session, if_match: IfMatch = None
) -> Response:
    customer = await service.locked_customer(session, principal, customer_id)
    await _check_precondition(session, principal, customer_id, if_match)
    await service.deactivate(session, customer)
    return tagged_response(await service.get_customer(session, principal, customer_id))
