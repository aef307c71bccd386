from enum import StrEnum


class ConsentSource(StrEnum):
    API = "api"
    IMPORT = "import"
    INVITATION_PAGE = "invitation_page"
    STAFF = "staff"
    UNSUBSCRIBE_LINK = "unsubscribe_link"

    def __str__(self) -> str:
        return str(self.value)
