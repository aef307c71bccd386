"""HTTP for ``GET /v1/customers/{customer_id}/duplicates``."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.json import page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.duplicates import service
from otesse.duplicates.schemas import DuplicateList

router = APIRouter(prefix="/v1/customers", tags=["customers"], route_class=TransactionalRoute)


@router.get(
    "/{customer_id}/duplicates",
    operation_id="customer_duplicates_list",
    summary="List a customer's duplicate candidates",
    description="The account's other customers that are probably the same household, each "
    "with a `score` (0-100) and the `reasons` that matched: `same_name_and_address` (same "
    "first and last name and the same street line and ZIP code, case-insensitively), "
    "`same_phone`, `same_email_local_part` (the local part without dots and `+tag`, on "
    "another domain). Merged customers are never candidates. Each reason is one indexed "
    "lookup of at most 50 customers, so this is cheap enough to call after every create. "
    "Highest score first, then newest.",
    response_model=DuplicateList,
    responses=error_responses(404),
)
async def list_duplicates(
    request: Request,
    customer_id: str,
    principal: CurrentPrincipal,
    session: Annotated[AsyncSession, Depends(get_session)],
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    items, total = await service.duplicates(session, principal, customer_id, page)
    return page_response(request, items, page, total)
