"""HTTP for /v1/customers/:id/addresses."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.addresses import service
from otesse.addresses.schemas import (
    AddressCreate,
    AddressDeleted,
    AddressList,
    AddressRead,
    AddressUpdate,
)
from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode, json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session

router = APIRouter(
    prefix="/v1/customers/{customer_id}/addresses",
    tags=["addresses"],
    route_class=TransactionalRoute,
)

Session = Annotated[AsyncSession, Depends(get_session)]


@router.get(
    "",
    operation_id="customer_addresses_list",
    summary="List a customer's addresses",
    description="The default first, then oldest first.",
    response_model=AddressList,
    responses=error_responses(404),
)
async def list_addresses(
    request: Request,
    customer_id: str,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    addresses, total = await service.list_addresses(
        session, principal, customer_id, offset=page.offset, limit=page.per_page
    )
    return page_response(request, addresses, page, total)


@router.get(
    "/{address_id}",
    operation_id="customer_addresses_get",
    summary="Get an address",
    description=(
        "One of the customer's addresses; 404 when the address belongs to another customer."
    ),
    response_model=AddressRead,
    responses=error_responses(404),
)
async def get_address(
    customer_id: str, address_id: str, principal: CurrentPrincipal, session: Session
) -> Response:
    return json_response(await service.get_address(session, principal, customer_id, address_id))


@router.post(
    "",
    operation_id="customer_addresses_create",
    summary="Add an address",
    description=(
        "Adds an address to the customer; the first one becomes the default. It joins the zone "
        "whose ZIP codes hold its ZIP, if any."
    ),
    status_code=201,
    response_model=AddressRead,
    responses=error_responses(404, 409),
)
async def add_address(
    request: Request,
    customer_id: str,
    payload: AddressCreate,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def add() -> JsonOutcome:
        address = await service.add_address(session, principal, customer_id, payload)
        return JsonOutcome(201, encode(address))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=add
    )


@router.patch(
    "/{address_id}",
    operation_id="customer_addresses_update",
    summary="Update an address",
    description=(
        "Changes only the fields given; a new ZIP moves the address to that ZIP's zone. "
        "`is_default: true` makes it the default (the previous default stops being one)."
    ),
    response_model=AddressRead,
    responses=error_responses(404, 409),
)
async def update_address(
    customer_id: str,
    address_id: str,
    payload: AddressUpdate,
    principal: CurrentPrincipal,
    session: Session,
) -> Response:
    address = await service.update_address(session, principal, customer_id, address_id, payload)
    return json_response(address)


@router.delete(
    "/{address_id}",
    operation_id="customer_addresses_delete",
    summary="Delete an address",
    description="When it was the default, the oldest remaining address becomes the default.",
    response_model=AddressDeleted,
    responses=error_responses(404, 409),
)
async def delete_address(
    customer_id: str, address_id: str, principal: CurrentPrincipal, session: Session
) -> Response:
    deleted = await service.remove_address(session, principal, customer_id, address_id)
    return json_response(deleted)
