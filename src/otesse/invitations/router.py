"""``POST /v1/customers/{customer_id}/invitation``: send the invitation email again."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, idempotent_json
from otesse.core.json import timestamp
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute, get_session
from otesse.invitations import service
from otesse.invitations.schemas import InvitationRead

router = APIRouter(tags=["customers"], route_class=TransactionalRoute)


@router.post(
    "/v1/customers/{customer_id}/invitation",
    operation_id="customer_invitation_send",
    summary="Send a new invitation email",
    description=(
        "Queues a new invitation email for the customer and answers at once; the email is "
        "sent in the background. The link of any earlier invitation stops working. "
        "A deactivated customer cannot be invited (409). With an `Idempotency-Key`, a retry "
        "sends no second email."
    ),
    status_code=status.HTTP_202_ACCEPTED,
    response_model=InvitationRead,
    responses=error_responses(404, 409),
)
async def resend_invitation(
    request: Request,
    customer_id: str,
    principal: CurrentPrincipal,
    session: Annotated[AsyncSession, Depends(get_session)],
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def send() -> dict[str, Any]:
        customer, invitation = await service.resend_invitation(
            session, account_id=principal.account_id, mode=principal.mode, customer_id=customer_id
        )
        # As the customer's `invitation` shows it until the worker has sent the email.
        return {
            "customer_id": customer.id,
            "status": "pending",
            "sent_at": None,
            "expires_at": timestamp(invitation.expires_at),
        }

    return await idempotent_json(
        request, session, principal, send, status_code=status.HTTP_202_ACCEPTED
    )
