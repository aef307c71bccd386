"""``/v1/webhook_endpoints``: where events are delivered, their secrets and deliveries."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.config import Settings
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent, idempotent_json
from otesse.core.json import encode, json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.webhooks import service
from otesse.webhooks.schemas import (
    ReplayRequest,
    ReplayResult,
    WebhookAttemptList,
    WebhookEndpointCreate,
    WebhookEndpointList,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)

router = APIRouter(
    prefix="/v1/webhook_endpoints", tags=["webhooks"], route_class=TransactionalRoute
)
Session = Annotated[AsyncSession, Depends(get_session)]
Page = Annotated[PageRequest, Depends(page_request)]


class WebhookEndpointDeleted(BaseModel):
    id: str
    object: str
    deleted: bool


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.post(
    "",
    operation_id="webhook_endpoints_create",
    status_code=201,
    response_model=WebhookEndpointWithSecret,
    responses=error_responses(409),
    summary="Create a webhook endpoint",
    description="Registers a URL to receive the events of `enabled_events`, signed in the "
    "Standard Webhooks form. The answer holds the signing `secret`, shown this once (a replay "
    "with the same Idempotency-Key within 24 h answers it again; it is stored encrypted).",
)
async def create_endpoint(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    body: WebhookEndpointCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    settings = _settings(request)

    async def create() -> JsonOutcome:
        created = await service.create_endpoint(session, principal, body, settings)
        return JsonOutcome(201, encode(created))

    return await idempotent(
        request,
        session,
        account_id=principal.account_id,
        mode=principal.mode,
        produce=create,
    )


@router.get(
    "",
    operation_id="webhook_endpoints_list",
    response_model=WebhookEndpointList,
    responses=error_responses(),
    summary="List webhook endpoints",
    description="The endpoints of this account and mode, newest first (secrets never shown).",
)
async def list_endpoints(
    request: Request, principal: CurrentPrincipal, session: Session, page: Page
) -> Response:
    endpoints, total = await service.list_endpoints(
        session, principal, offset=page.offset, limit=page.per_page
    )
    return page_response(request, endpoints, page, total)


@router.get(
    "/{endpoint_id}",
    operation_id="webhook_endpoints_get",
    response_model=WebhookEndpointRead,
    responses=error_responses(404),
    summary="Get a webhook endpoint",
    description="One endpoint; its secret is never shown again after its creation.",
)
async def get_endpoint(principal: CurrentPrincipal, session: Session, endpoint_id: str) -> Response:
    return json_response(await service.get_endpoint(session, principal, endpoint_id))


@router.patch(
    "/{endpoint_id}",
    operation_id="webhook_endpoints_update",
    response_model=WebhookEndpointRead,
    responses=error_responses(404),
    summary="Update a webhook endpoint",
    description="Change its URL, event types or description, or set `status` to `disabled` "
    "(no deliveries) or `enabled` again (also after the service disabled it).",
)
async def update_endpoint(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    endpoint_id: str,
    body: WebhookEndpointUpdate,
) -> Response:
    updated = await service.update_endpoint(
        session, principal, endpoint_id, body, _settings(request)
    )
    return json_response(updated)


@router.delete(
    "/{endpoint_id}",
    operation_id="webhook_endpoints_delete",
    response_model=WebhookEndpointDeleted,
    responses=error_responses(404),
    summary="Delete a webhook endpoint",
    description="Deletes the endpoint with its pending deliveries and their history.",
)
async def delete_endpoint(
    principal: CurrentPrincipal, session: Session, endpoint_id: str
) -> Response:
    return json_response(await service.delete_endpoint(session, principal, endpoint_id))


@router.post(
    "/{endpoint_id}/rotate_secret",
    operation_id="webhook_endpoints_rotate_secret",
    response_model=WebhookEndpointWithSecret,
    responses=error_responses(404, 409),
    summary="Rotate a webhook endpoint's secret",
    description="Answers a new `secret`; for 24 h deliveries carry signatures by both the "
    "new and the previous secret (space-separated in `webhook-signature`).",
)
async def rotate_secret(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    endpoint_id: str,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    settings = _settings(request)

    async def rotate() -> JsonOutcome:
        rotated = await service.rotate_secret(session, principal, endpoint_id, settings)
        return JsonOutcome(200, encode(rotated))

    return await idempotent(
        request,
        session,
        account_id=principal.account_id,
        mode=principal.mode,
        produce=rotate,
    )


@router.get(
    "/{endpoint_id}/deliveries",
    operation_id="webhook_endpoint_deliveries_list",
    response_model=WebhookAttemptList,
    responses=error_responses(404),
    summary="List an endpoint's delivery attempts",
    description="Every attempt to deliver an event to this endpoint, newest first: event, "
    "attempt number, status code, duration, error and the next retry.",
)
async def list_deliveries(
    request: Request, principal: CurrentPrincipal, session: Session, endpoint_id: str, page: Page
) -> Response:
    attempts, total = await service.list_attempts(
        session, principal, endpoint_id, offset=page.offset, limit=page.per_page
    )
    return page_response(request, attempts, page, total)


@router.post(
    "/{endpoint_id}/replay",
    operation_id="webhook_endpoints_replay",
    response_model=ReplayResult,
    responses=error_responses(404, 409),
    summary="Send events to an endpoint again",
    description="Queues the retained events after `after_sequence` (or those of "
    "`event_ids`) for this endpoint again, with their ids and bodies unchanged.",
)
async def replay(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    endpoint_id: str,
    body: ReplayRequest,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return await idempotent_json(
        request, session, principal, lambda: service.replay(session, principal, endpoint_id, body)
    )
