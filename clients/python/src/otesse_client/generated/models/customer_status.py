from enum import StrEnum


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    INACTIVE = "inactive"
    MERGED = "merged"

    def __str__(self) -> str:
        return str(self.value)
