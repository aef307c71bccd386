"""The import resource and its rejected rows, as the API answers them."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from otesse.core.enums import NamedEnum
from otesse.core.json import Timestamp
from otesse.core.pagination import Pagination

ImportStatus = Annotated[
    Literal["queued", "running", "succeeded", "failed"], NamedEnum("ImportStatus")
]
ImportFormat = Annotated[
    Literal["otesse", "jobber", "housecallpro", "servicetitan"], NamedEnum("ImportFormat")
]


class ImportFileError(BaseModel):
    code: str
    message: str


class ImportRead(BaseModel):
    id: str
    status: ImportStatus = Field(
        description="`failed` when the file could not be read at all (see `error`); a file "
        "whose rows were all rejected still `succeeded`, with `failed` counting them."
    )
    format: ImportFormat
    dry_run: bool
    rows: int | None = Field(description="Data rows in the file; null until a worker read it.")
    processed: int
    created: int
    updated: int
    skipped: int = Field(description="Rows matching a customer they would not change.")
    failed: int = Field(description="Rows rejected: GET /v1/imports/{id}/errors says why.")
    error: ImportFileError | None = Field(description="Why the whole file was refused.")
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None


class ImportRowErrorRead(BaseModel):
    row: int = Field(description="The file's row number; the header is row 1.")
    column: str | None = Field(description="The column's header, as in the file.")
    value: str | None = Field(description="The cell as given.")
    code: str
    message: str


class ImportRowErrorList(BaseModel):
    data: list[ImportRowErrorRead]
    pagination: Pagination
