from enum import StrEnum


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    ERASED = "erased"
    INACTIVE = "inactive"
    MERGED = "merged"

    def __str__(self) -> str:
        return str(self.value)
