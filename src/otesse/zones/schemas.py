"""Zone bodies and the zone as clients read it."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from otesse.core.pagination import Pagination
from otesse.core.text_rules import SingleLine
from otesse.core.validation import RequestBody

Name = Annotated[str, SingleLine(max_length=100)]
ZipCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]
ZipCodes = Annotated[list[ZipCode], Field(max_length=1000)]


class ZoneCreate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Eugene", "zip_codes": ["97401", "97402"]}]},
    )

    name: Name
    zip_codes: ZipCodes = Field(default_factory=list, description="5-digit ZIP codes.")


class ZoneUpdate(RequestBody):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"zip_codes": ["97401", "97403"]}]}
    )

    name: Name | None = None
    zip_codes: ZipCodes | None = Field(
        default=None, description="Replaces the zone's ZIP codes as a whole."
    )


class ZoneRead(BaseModel):
    id: str
    name: str
    zip_codes: list[str]
    created_at: datetime
    updated_at: datetime


class ZoneList(BaseModel):
    data: list[ZoneRead]
    pagination: Pagination
