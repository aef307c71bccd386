"""What the invitation endpoint answers."""

from pydantic import BaseModel

from otesse.core.json import Timestamp
from otesse.customers.schemas import InvitationStatus


class InvitationRead(BaseModel):
    """The customer's current invitation, as the customer's `invitation` field shows it."""

    customer_id: str
    status: InvitationStatus
    sent_at: Timestamp | None
    expires_at: Timestamp
