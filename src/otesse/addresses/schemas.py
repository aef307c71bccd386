"""Request and response bodies of addresses."""

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema
from pydantic_core import PydanticCustomError

from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.representation import Sealed, Timestamp
from otesse.core.text_rules import NO_CONTROL_CHARACTERS, MultiLine, SingleLine
from otesse.core.validation import Patch, StrictBool

# The 50 states, DC, the territories and the military "states" USPS delivers to.
# fmt: off
US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC", "AS", "GU", "MP", "PR", "VI", "UM", "AA", "AE", "AP",
))
# fmt: on
# [0-9], not \d: Python's \d also matches Arabic-Indic and other Unicode digits.
ZIP_PATTERN = r"^[0-9]{5}(-[0-9]{4})?$"
_ZIP = re.compile(ZIP_PATTERN)


def _state(value: str) -> str:
    state = value.upper()
    if state not in US_STATES:
        raise PydanticCustomError("state", "must be a two-letter US state code such as OR")
    return state


def _zip(value: str) -> str:
    if not _ZIP.fullmatch(value):
        raise PydanticCustomError("zip", "must be 5 digits or ZIP+4 (12345-6789)")
    return value


def read_only(value: Any) -> Any:
    raise PydanticCustomError("read_only", "this field is read-only")


Label = Annotated[str, SingleLine(max_length=100, required=False)]
Street = Annotated[str, SingleLine(max_length=200)]
City = Annotated[str, SingleLine(max_length=100)]
State = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_state),
    NO_CONTROL_CHARACTERS,
    NamedEnum("UsState", values=sorted(US_STATES)),
]
Zip = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_zip),
    NO_CONTROL_CHARACTERS,
    WithJsonSchema({"type": "string", "pattern": ZIP_PATTERN}),
]
AccessNotes = Annotated[str, MultiLine(max_length=2000, strip=True)]
# A field a client may read but never send: 400 naming it, and absent from the OpenAPI input.
ReadOnly = SkipJsonSchema[Annotated[Any, BeforeValidator(read_only)]]


class WriteBody(BaseModel):
    """A request body: unknown fields refused, and the read-only ones every resource has named
    as such (400 with their name)."""

    model_config = ConfigDict(extra="forbid")

    id: ReadOnly = None
    created_at: ReadOnly = None
    updated_at: ReadOnly = None


class AddressCreate(WriteBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"label": "Office", "street": "9 Pearl St", "city": "Eugene", "state": "OR",
                 "zip": "97401"}
            ]
        },
    )  # fmt: skip

    zone_id: ReadOnly = None

    label: Label | None = None
    street: Street
    city: City
    state: State = Field(description="Two-letter US state, DC or territory code (upper-cased).")
    zip: Zip = Field(description="5 digits or ZIP+4 (`12345-6789`).")
    access_notes: AccessNotes | None = None
    is_default: StrictBool = Field(
        default=False, description="Make it the default (the first address always is)."
    )


class AddressUpdate(WriteBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"access_notes": "Key under the mat", "is_default": True}]},
    )

    zone_id: ReadOnly = None

    label: Label | None = None
    street: Patch[Street] = None
    city: Patch[City] = None
    state: Patch[State] = None
    zip: Patch[Zip] = None
    access_notes: AccessNotes | None = None
    is_default: Patch[StrictBool] = Field(
        default=None,
        description="true makes it the default; false on the default address is a 409.",
    )


class AddressRead(BaseModel):
    id: str
    label: str | None
    street: str
    city: str
    state: str
    zip: str
    # Sealed at rest (AES-256-GCM bound to the address id; docs/privacy.md).
    access_notes: Annotated[str | None, Sealed(bound_to="id")]
    is_default: bool
    zone_id: str | None
    created_at: Timestamp
    updated_at: Timestamp


class AddressDeleted(BaseModel):
    id: str
    deleted: bool


class AddressList(BaseModel):
    data: list[AddressRead]
    pagination: Pagination
