from enum import StrEnum


class ConsentState(StrEnum):
    GRANTED = "granted"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
