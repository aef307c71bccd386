from enum import StrEnum


class BookingSort(StrEnum):
    SCHEDULED_AT_ASC = "scheduled_at"
    SCHEDULED_AT_DESC = "-scheduled_at"

    def __str__(self) -> str:
        return str(self.value)
