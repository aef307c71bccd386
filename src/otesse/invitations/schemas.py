"""What the invitation endpoint answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, field_serializer


class InvitationRead(BaseModel):
    """The customer's current invitation, as the customer's `invitation` field shows it."""

    customer_id: str
    status: Literal["pending", "sent", "failed"]
    sent_at: datetime | None
    expires_at: datetime

    @field_serializer("sent_at", "expires_at")
    def _rfc3339(self, moment: datetime | None) -> str | None:
        return None if moment is None else f"{moment:%Y-%m-%dT%H:%M:%SZ}"
