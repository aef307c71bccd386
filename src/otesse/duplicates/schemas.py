"""The duplicate candidates' list."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.customers.schemas import CustomerRead

DuplicateReason = Annotated[
    Literal["same_phone", "same_email_local_part", "same_name_and_address"],
    NamedEnum("DuplicateReason"),
]


class DuplicateCandidate(BaseModel):
    score: int = Field(description="0-100: how likely the two are one household.")
    reasons: list[DuplicateReason] = Field(description="What matched, strongest first.")
    customer: CustomerRead


class DuplicateList(BaseModel):
    data: list[DuplicateCandidate] = Field(description="Highest score first, then newest.")
    pagination: Pagination
