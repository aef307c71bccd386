"""``/v1/zones``: service zones and their ZIP codes."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, idempotent_json
from otesse.core.json import json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.zones import service
from otesse.zones.schemas import ZoneCreate, ZoneList, ZoneRead, ZoneUpdate

router = APIRouter(prefix="/v1/zones", tags=["zones"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]


@router.post(
    "",
    operation_id="zones_create",
    status_code=201,
    response_model=ZoneRead,
    responses=error_responses(409),
    summary="Create a zone",
    description=(
        "A named set of 5-digit ZIP codes; every address of the tenant in those ZIPs joins it. A "
        "ZIP another zone holds is 409 `zip_taken`."
    ),
)
async def create_zone(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    body: ZoneCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return await idempotent_json(
        request,
        session,
        principal,
        lambda: service.create_zone(session, principal, body),
        status_code=201,
    )


@router.get(
    "",
    operation_id="zones_list",
    response_model=ZoneList,
    responses=error_responses(),
    summary="List zones",
    description="The tenant's zones, newest first, each with its ZIP codes.",
)
async def list_zones(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    zones, total = await service.list_zones(
        session, principal, offset=page.offset, limit=page.per_page
    )
    return page_response(request, zones, page, total)


@router.get(
    "/{zone_id}",
    operation_id="zones_get",
    response_model=ZoneRead,
    responses=error_responses(404),
    summary="Get a zone",
    description="The zone and its ZIP codes, sorted.",
)
async def get_zone(principal: CurrentPrincipal, session: Session, zone_id: str) -> Response:
    return json_response(await service.get_zone(session, principal, zone_id))


@router.patch(
    "/{zone_id}",
    operation_id="zones_update",
    response_model=ZoneRead,
    responses=error_responses(404, 409),
    summary="Update a zone",
    description=(
        "`name` and/or `zip_codes` (which replaces the whole set): addresses in added ZIPs join the"
        " zone, those in removed ZIPs leave it."
    ),
)
async def update_zone(
    principal: CurrentPrincipal, session: Session, zone_id: str, body: ZoneUpdate
) -> Response:
    return json_response(await service.update_zone(session, principal, zone_id, body))
