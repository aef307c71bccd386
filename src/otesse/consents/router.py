"""HTTP for /v1/customers/:id/consents: the customer's consent ledger."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.consents import service
from otesse.consents.schemas import ConsentCreate, ConsentList, ConsentRead
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode, json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session

router = APIRouter(
    prefix="/v1/customers/{customer_id}/consents",
    tags=["consents"],
    route_class=TransactionalRoute,
)

Session = Annotated[AsyncSession, Depends(get_session)]


def request_id_of(request: Request) -> str | None:
    request_id: str | None = request.scope.get("state", {}).get("request_id")
    return request_id


@router.get(
    "",
    operation_id="customer_consents_list",
    summary="List a customer's consent records",
    description="The append-only ledger, newest first: every consent given or withdrawn, "
    "with the text it was given to and where it came from. The customer's "
    "`preferences.marketing_consent` is its latest marketing record per channel.",
    response_model=ConsentList,
    responses=error_responses(404),
)
async def list_consents(
    request: Request,
    customer_id: str,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    records, total = await service.list_consents(session, principal, customer_id, page)
    return page_response(request, records, page, total)


@router.get(
    "/{consent_id}",
    operation_id="customer_consents_get",
    summary="Get a consent record",
    description="One record of the customer's ledger; records never change.",
    response_model=ConsentRead,
    responses=error_responses(404),
)
async def get_consent(
    customer_id: str, consent_id: str, principal: CurrentPrincipal, session: Session
) -> Response:
    return json_response(await service.get_consent(session, principal, customer_id, consent_id))


@router.post(
    "",
    operation_id="customer_consents_create",
    summary="Record a consent",
    description="Appends a record the integrator collected (source `api`, `import` or "
    "`staff`), with the exact disclosure text it was given to. A `revoked` record withdraws "
    "consent; the customer's `preferences` follow the latest record per channel at once.",
    status_code=201,
    response_model=ConsentRead,
    responses=error_responses(404),
)
async def record_consent(
    request: Request,
    customer_id: str,
    payload: ConsentCreate,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def add() -> JsonOutcome:
        record = await service.record_from_api(
            session,
            principal,
            customer_id,
            payload,
            witness=service.Witness(request_id=request_id_of(request)),
        )
        return JsonOutcome(201, encode(record))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=add
    )
