from enum import StrEnum


class ImportFormat(StrEnum):
    HOUSECALLPRO = "housecallpro"
    JOBBER = "jobber"
    OTESSE = "otesse"
    SERVICETITAN = "servicetitan"

    def __str__(self) -> str:
        return str(self.value)
