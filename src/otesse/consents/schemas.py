"""Request and response bodies of the consent ledger."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from otesse.addresses.schemas import WriteBody
from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.representation import Timestamp
from otesse.core.text_rules import refuse_blank

Channel = Annotated[Literal["email", "sms", "phone"], NamedEnum("ConsentChannel")]
Purpose = Annotated[Literal["marketing", "transactional"], NamedEnum("ConsentPurpose")]
State = Annotated[Literal["granted", "revoked"], NamedEnum("ConsentState")]
Source = Annotated[
    Literal["invitation_page", "api", "unsubscribe_link", "import", "staff"],
    NamedEnum("ConsentSource"),
]
# What an integrator may say it recorded: the page and unsubscribe sources are the service's.
ApiSource = Annotated[Literal["api", "import", "staff"], NamedEnum("ConsentApiSource")]
Disclosure = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    AfterValidator(refuse_blank),
]


class ConsentCreate(WriteBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "channel": "email",
                    "purpose": "marketing",
                    "state": "granted",
                    "disclosure": "Send me offers and cleaning tips by email.",
                }
            ]
        },
    )

    channel: Channel
    purpose: Purpose
    state: State
    disclosure: Disclosure = Field(
        description="The exact text the customer agreed to (or a version id of it): what "
        "the record proves. Required."
    )
    source: ApiSource = Field(
        default="api",
        description="`import` for consent collected before, `staff` for consent a person "
        "took (a phone call); `api` otherwise.",
    )


# The record's JSON, declared once (otesse.core.representation derives its renderer).
class ConsentRead(BaseModel):
    id: str
    customer_id: str
    channel: Channel
    purpose: Purpose
    state: State
    source: Source
    disclosure: str = Field(description="The text shown, or its version id.")
    ip: str | None = Field(description="The client's address (page sources only).")
    user_agent: str | None = Field(description="The browser's User-Agent (page sources only).")
    request_id: str | None = Field(description="The request that recorded it.")
    recorded_at: Timestamp


class ConsentList(BaseModel):
    data: list[ConsentRead]
    pagination: Pagination
