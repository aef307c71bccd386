"""``/v1/subscriptions``: recurring service at one of the customer's addresses."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal, authenticate
from otesse.core.actions import add_action_route
from otesse.core.idempotency import IdempotencyKey, idempotent_json
from otesse.core.json import json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.subscriptions import service
from otesse.subscriptions.schemas import (
    SubscriptionCreate,
    SubscriptionList,
    SubscriptionRead,
    SubscriptionStatus,
)

router = APIRouter(
    prefix="/v1/subscriptions", tags=["subscriptions"], route_class=TransactionalRoute
)
Session = Annotated[AsyncSession, Depends(get_session)]


@router.post(
    "",
    operation_id="subscriptions_create",
    status_code=201,
    response_model=SubscriptionRead,
    responses=error_responses(404, 409),
    summary="Create a subscription (active at once)",
    description=(
        "A recurring service at one of the customer's addresses, `active` from the start; the "
        "customer's `active_subscription` stat follows. A deactivated customer is 409 "
        "`customer_deactivated`."
    ),
)
async def create_subscription(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    body: SubscriptionCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return await idempotent_json(
        request,
        session,
        principal,
        lambda: service.create_subscription(session, principal, body),
        status_code=201,
    )


@router.get(
    "",
    operation_id="subscriptions_list",
    response_model=SubscriptionList,
    responses=error_responses(),
    summary="List subscriptions",
    description="The tenant's subscriptions, newest first.",
)
async def list_subscriptions(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
    customer_id: Annotated[
        str | None, Query(min_length=1, description="Only this customer's subscriptions.")
    ] = None,
    status: Annotated[
        SubscriptionStatus | None, Query(description="Only subscriptions in this status.")
    ] = None,
) -> Response:
    rows, total = await service.list_subscriptions(
        session,
        principal,
        customer_id=customer_id,
        status=status,
        offset=page.offset,
        limit=page.per_page,
    )
    return page_response(request, rows, page, total)


@router.get(
    "/{subscription_id}",
    operation_id="subscriptions_get",
    response_model=SubscriptionRead,
    responses=error_responses(404),
    summary="Get a subscription",
    description="One subscription of the tenant.",
)
async def get_subscription(
    principal: CurrentPrincipal, session: Session, subscription_id: str
) -> Response:
    return json_response(await service.get_subscription(session, principal, subscription_id))


for action_name, action_summary, action_description in (
    ("pause", "Pause an active subscription", "`active` to `paused`."),
    (
        "resume",
        "Resume a paused subscription",
        "`paused` to `active`; 409 `customer_deactivated` for a deactivated customer.",
    ),
    ("cancel", "Cancel an active or paused subscription", "`active` or `paused` to `cancelled`."),
):
    add_action_route(
        router,
        path=f"/{{subscription_id}}/{action_name}",
        id_param="subscription_id",
        name=f"{action_name}_subscription",
        operation_id=f"subscriptions_{action_name}",
        summary=action_summary,
        description=action_description + " Any other status is 409 `subscription_status_invalid`.",
        response_model=SubscriptionRead,
        authenticate=authenticate,
        perform=getattr(service, f"{action_name}_subscription"),
    )
