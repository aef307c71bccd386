from enum import StrEnum


class Frequency(StrEnum):
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"

    def __str__(self) -> str:
        return str(self.value)
