"""HTTP for a person's rights: ``GET /v1/customers/{customer_id}/export`` and
``POST /v1/customers/{customer_id}/erase`` (docs/privacy.md)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute, get_session
from otesse.customers.schemas import CustomerRead
from otesse.customers.service import get_customer
from otesse.privacy import service
from otesse.privacy.export import export_document
from otesse.privacy.schemas import CustomerErase, CustomerExport
from otesse.stats.owners import find_customer

router = APIRouter(tags=["customers"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]


@router.get(
    "/v1/customers/{customer_id}/export",
    operation_id="customer_export_get",
    summary="Export a customer's data",
    description=(
        "Everything held about the person (profile, preferences, addresses with their access "
        "notes, bookings, subscriptions, invoices with their lines, invitations) as one JSON "
        "document, streamed: the answer to a request under a privacy law (docs/privacy.md)."
    ),
    response_model=CustomerExport,
    responses=error_responses(404),
)
async def export_customer(
    request: Request, customer_id: str, principal: CurrentPrincipal, session: Session
) -> Response:
    await find_customer(session, principal, customer_id, param="customer_id")
    return StreamingResponse(
        export_document(request.app.state.database, principal, customer_id),
        media_type="application/json",
    )


@router.post(
    "/v1/customers/{customer_id}/erase",
    operation_id="customers_erase",
    summary="Erase a customer's personal data",
    description=(
        "Irreversible. Replaces the name and email with placeholders, clears the phone, the "
        "streets, access notes and booking notes, cancels future bookings and active "
        "subscriptions, cancels mail not yet sent, and sets status `erased`; invoices, booking "
        "dates and prices are kept (tax records). Requires `confirm` = the customer's id "
        "(else 409 `confirmation_mismatch`). "
        "Erasing an erased customer answers the same record; any other change to it is a 409 "
        "`customer_erased`."
    ),
    response_model=CustomerRead,
    responses=error_responses(404, 409),
)
async def erase_customer(
    request: Request,
    customer_id: str,
    payload: CustomerErase,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def erase() -> JsonOutcome:
        await service.erase_customer(session, principal, customer_id, confirm=payload.confirm)
        return JsonOutcome(200, await get_customer(session, principal, customer_id))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=erase
    )
