from enum import StrEnum


class ConsentApiSource(StrEnum):
    API = "api"
    IMPORT = "import"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
