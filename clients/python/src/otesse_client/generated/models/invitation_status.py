from enum import StrEnum


class InvitationStatus(StrEnum):
    ACCEPTED = "accepted"
    FAILED = "failed"
    PENDING = "pending"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
