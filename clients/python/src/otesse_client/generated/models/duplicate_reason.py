from enum import StrEnum


class DuplicateReason(StrEnum):
    SAME_EMAIL_LOCAL_PART = "same_email_local_part"
    SAME_NAME_AND_ADDRESS = "same_name_and_address"
    SAME_PHONE = "same_phone"

    def __str__(self) -> str:
        return str(self.value)
