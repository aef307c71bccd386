"""State-changing actions on a resource (``POST /v1/bookings/{id}/complete`` and the like).

Every action route has the same shape: authenticate, honour ``Idempotency-Key``, call one
service function with the resource id, answer the resource. The authenticating dependency is
handed in, so this kit stays below the domains and auth.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.idempotency import IdempotencyKey, Tenant, idempotent_json
from otesse.core.openapi import error_responses
from otesse.core.routing import get_session

Perform = Callable[[AsyncSession, Any, str], Awaitable[Any]]


def add_action_route(
    router: APIRouter,
    *,
    path: str,
    id_param: str,
    name: str,
    operation_id: str,
    summary: str,
    description: str,
    response_model: Any,
    authenticate: Callable[..., Awaitable[Tenant]],
    perform: Perform,
) -> None:
    """Mount ``POST path`` (whose path holds ``{id_param}``) running ``perform``."""

    async def run_action(
        request: Request,
        principal: Annotated[Tenant, Depends(authenticate)],
        session: Annotated[AsyncSession, Depends(get_session)],
        resource_id: Annotated[str, Path(alias=id_param)],
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        return await idempotent_json(
            request, session, principal, lambda: perform(session, principal, resource_id)
        )

    router.add_api_route(
        path,
        run_action,
        methods=["POST"],
        response_model=response_model,
        responses=error_responses(404, 409),
        summary=summary,
        description=description,
        name=name,
        operation_id=operation_id,
    )
