"""Booking bodies, list parameters and the booking as clients read it."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.text_rules import MultiLine
from otesse.core.validation import JSON_INTEGER, Patch, RequestBody, UtcDateTime

Service = Annotated[
    Literal["standard_cleaning", "deep_cleaning", "move_out_cleaning"], NamedEnum("Service")
]
BookingStatus = Annotated[
    Literal["scheduled", "confirmed", "in_progress", "completed", "cancelled"],
    NamedEnum("BookingStatus"),
]
Currency = Annotated[Literal["usd"], NamedEnum("Currency")]
Duration = Annotated[int, Field(ge=15, le=1440, description="Minutes, 15 to 1440."), JSON_INTEGER]
Price = Annotated[int, Field(ge=0, le=100_000_000, description="Cents."), JSON_INTEGER]
Notes = Annotated[str, MultiLine(max_length=2000)]
BookingSort = Annotated[
    Literal["scheduled_at", "-scheduled_at"],
    NamedEnum(
        "BookingSort",
        varnames={"scheduled_at": "SCHEDULED_AT_ASC", "-scheduled_at": "SCHEDULED_AT_DESC"},
    ),
]


class BookingCreate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "cust_01JZ8Q4W7Y3N5K2M9P6R1T0V4X",
                    "address_id": "addr_01JZ8Q4W7Y3N5K2M9P6R1T0V4Y",
                    "service": "standard_cleaning",
                    "scheduled_at": "2026-02-15T10:00:00Z",
                    "duration_minutes": 120,
                    "price": 12000,
                }
            ]
        },
    )

    customer_id: str
    address_id: str = Field(description="One of the customer's addresses.")
    service: Service
    scheduled_at: UtcDateTime = Field(description="RFC 3339 with a time zone.")
    duration_minutes: Duration
    price: Price
    currency: Currency = "usd"
    subscription_id: str | None = Field(default=None, description="One of the customer's.")
    notes: Notes | None = None


class BookingUpdate(RequestBody):
    """A reschedule or a note; only while the booking is scheduled or confirmed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"scheduled_at": "2026-02-16T14:30:00Z", "notes": "Side door, please."}]
        },
    )

    scheduled_at: Patch[UtcDateTime] = None
    duration_minutes: Patch[Duration] = None
    notes: Notes | None = None


class BookingRead(BaseModel):
    id: str
    customer_id: str
    address_id: str
    subscription_id: str | None
    service: Service
    status: BookingStatus
    scheduled_at: datetime
    duration_minutes: int
    price: int
    currency: Currency
    notes: str | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class BookingList(BaseModel):
    data: list[BookingRead]
    pagination: Pagination
