"""HTTP for merges: ``POST /v1/customers/{customer_id}/merge`` and its preview."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute, get_session
from otesse.customers import service as customers
from otesse.customers.schemas import CustomerRead
from otesse.merges import service
from otesse.merges.schemas import MergePreview, MergeRequest

router = APIRouter(prefix="/v1/customers", tags=["customers"], route_class=TransactionalRoute)

Session = Annotated[AsyncSession, Depends(get_session)]
SourceId = Annotated[
    str,
    Query(min_length=1, max_length=40, description="The customer that would be merged in."),
]
RULES = (
    "Everything the source owns moves to this customer in one transaction: addresses (this "
    "customer's default stays the default), bookings, subscriptions, invoices, invitation "
    "history, tags, the metadata keys this customer lacks, and its external_id when this "
    "customer has none. Stats are recomputed from the moved rows. The source keeps its id: "
    "it gets status `merged` and `merged_into`, leaves lists given no status, refuses writes "
    "(409 `customer_merged`) and its email is released. Refused: a customer into itself, "
    "into a merged or deactivated customer, or a source merged already (409), a customer "
    "of another account (404)."
)


@router.post(
    "/{customer_id}/merge",
    operation_id="customers_merge",
    summary="Merge another customer into this one",
    description=RULES + " Answers this customer as the merge left it.",
    response_model=CustomerRead,
    responses=error_responses(404, 409),
)
async def merge_customers(
    request: Request,
    customer_id: str,
    payload: MergeRequest,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def merge() -> JsonOutcome:
        await service.merge(session, principal, target_id=customer_id, source_id=payload.source_id)
        return JsonOutcome(200, await customers.get_customer(session, principal, customer_id))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=merge
    )


@router.get(
    "/{customer_id}/merge_preview",
    operation_id="customer_merge_preview_get",
    summary="Preview a merge",
    description="What `POST /v1/customers/{customer_id}/merge` with this `source_id` would "
    "produce, without writing anything: both customers as the merge would leave them and "
    "how many rows would move. Refused as the merge would be. " + RULES,
    response_model=MergePreview,
    responses=error_responses(404, 409),
)
async def preview_merge(
    customer_id: str, source_id: SourceId, principal: CurrentPrincipal, session: Session
) -> Response:
    previewed = await service.preview(
        session, principal, target_id=customer_id, source_id=source_id
    )
    return Response(encode(previewed), media_type="application/json")
