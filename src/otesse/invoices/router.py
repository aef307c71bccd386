"""``/v1/invoices`` and ``/v1/customers/:id/invoices`` (newest issued first)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal, Principal, authenticate
from otesse.core.actions import add_action_route
from otesse.core.idempotency import IdempotencyKey, idempotent_json
from otesse.core.json import json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.invoices import service
from otesse.invoices.schemas import InvoiceCreate, InvoiceList, InvoiceRead, InvoiceStatus
from otesse.stats import owners

router = APIRouter(tags=["invoices"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]
Page = Annotated[PageRequest, Depends(page_request)]
Status = Annotated[InvoiceStatus | None, Query(description="Only invoices in this status.")]


async def _list_response(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    customer_id: str | None,
    status: str | None,
) -> Response:
    invoices, total = await service.list_invoices(
        session,
        principal,
        customer_id=customer_id,
        status=status,
        offset=page.offset,
        limit=page.per_page,
    )
    return page_response(request, invoices, page, total)


@router.post(
    "/v1/invoices",
    operation_id="invoices_create",
    status_code=201,
    response_model=InvoiceRead,
    responses=error_responses(404),
    summary="Create (and issue) an invoice",
    description=(
        "Issued at once: `status: open`, `issued_at` now, `amount_due` the sum of `quantity * "
        "unit_amount` over the line items."
    ),
)
async def create_invoice(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    body: InvoiceCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return await idempotent_json(
        request,
        session,
        principal,
        lambda: service.create_invoice(session, principal, body),
        status_code=201,
    )


@router.get(
    "/v1/invoices",
    operation_id="invoices_list",
    response_model=InvoiceList,
    responses=error_responses(),
    summary="List invoices, newest issued first",
    description="The tenant's invoices by `issued_at` descending, then id descending.",
)
async def list_invoices(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    page: Page,
    customer_id: Annotated[
        str | None, Query(min_length=1, description="Only this customer's invoices.")
    ] = None,
    status: Status = None,
) -> Response:
    return await _list_response(
        request, session, principal, page, customer_id=customer_id, status=status
    )


@router.get(
    "/v1/customers/{customer_id}/invoices",
    operation_id="customer_invoices_list",
    response_model=InvoiceList,
    responses=error_responses(404),
    tags=["customers"],
    summary="List a customer's invoices, newest issued first",
    description=(
        "The invoices list for one customer: every parameter of `invoices_list` but `customer_id`."
    ),
)
async def list_customer_invoices(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    customer_id: str,
    page: Page,
    status: Status = None,
) -> Response:
    await owners.find_customer(session, principal, customer_id)
    return await _list_response(
        request, session, principal, page, customer_id=customer_id, status=status
    )


@router.get(
    "/v1/invoices/{invoice_id}",
    operation_id="invoices_get",
    response_model=InvoiceRead,
    responses=error_responses(404),
    summary="Get an invoice with its line items",
    description="One invoice of the tenant, with each line item's `amount`.",
)
async def get_invoice(principal: CurrentPrincipal, session: Session, invoice_id: str) -> Response:
    return json_response(await service.get_invoice(session, principal, invoice_id))


for action_name, action_summary, action_description in (
    (
        "pay",
        "Pay an open invoice in full",
        "`open` to `paid`: `amount_paid` becomes `amount_due`, `paid_at` now, and the "
        "customer's `total_spent` grows by it.",
    ),
    ("void", "Void an open invoice", "`open` to `void`, `voided_at` now."),
):
    add_action_route(
        router,
        path=f"/v1/invoices/{{invoice_id}}/{action_name}",
        id_param="invoice_id",
        name=f"{action_name}_invoice",
        operation_id=f"invoices_{action_name}",
        summary=action_summary,
        description=action_description + " Any other status is 409 `invoice_status_invalid`.",
        response_model=InvoiceRead,
        authenticate=authenticate,
        perform=getattr(service, f"{action_name}_invoice"),
    )
