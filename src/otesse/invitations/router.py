"""``POST /v1/customers/{customer_id}/invitation``: send the invitation email again."""

from typing import Annotated

from fastapi import APIRouter, Depends, status
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute, get_session
from otesse.invitations import service
from otesse.invitations.schemas import InvitationRead

router = APIRouter(tags=["customers"], route_class=TransactionalRoute)


@router.post(
    "/v1/customers/{customer_id}/invitation",
    summary="Send a new invitation email",
    description=(
        "Queues a new invitation email for the customer and answers at once; the email is "
        "sent in the background. The link of any earlier invitation stops working. "
        "A deactivated customer cannot be invited (409)."
    ),
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409),
)
async def resend_invitation(
    customer_id: str,
    principal: CurrentPrincipal,
    session: Annotated[AsyncSession, Depends(get_session)],
) -> InvitationRead:
    customer, invitation = await service.resend_invitation(
        session, account_id=principal.account_id, mode=principal.mode, customer_id=customer_id
    )
    return InvitationRead(
        customer_id=customer.id,
        status="pending",
        sent_at=None,
        expires_at=invitation.expires_at,
    )
