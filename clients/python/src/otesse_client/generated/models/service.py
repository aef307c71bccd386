from enum import StrEnum


class Service(StrEnum):
    DEEP_CLEANING = "deep_cleaning"
    MOVE_OUT_CLEANING = "move_out_cleaning"
    STANDARD_CLEANING = "standard_cleaning"

    def __str__(self) -> str:
        return str(self.value)
