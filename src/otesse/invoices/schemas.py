"""Invoice bodies and the invoice as clients read it."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from otesse.bookings.schemas import Currency
from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.text_rules import SingleLine
from otesse.core.validation import JSON_INTEGER, RequestBody

InvoiceStatus = Annotated[Literal["open", "paid", "void"], NamedEnum("InvoiceStatus")]


class LineItemCreate(RequestBody):
    description: Annotated[str, SingleLine(max_length=500)]
    quantity: Annotated[int, Field(ge=1, le=10_000), JSON_INTEGER]
    unit_amount: Annotated[int, Field(ge=0, le=100_000_000, description="Cents."), JSON_INTEGER]


class InvoiceCreate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "cust_01JZ8Q4W7Y3N5K2M9P6R1T0V4X",
                    "line_items": [
                        {"description": "Deep cleaning", "quantity": 1, "unit_amount": 18000}
                    ],
                }
            ]
        },
    )

    customer_id: str
    booking_id: str | None = Field(default=None, description="One of the customer's bookings.")
    currency: Currency = "usd"
    line_items: list[LineItemCreate] = Field(min_length=1, max_length=100)


class LineItemRead(BaseModel):
    description: str
    quantity: int
    unit_amount: int
    amount: int


class InvoiceRead(BaseModel):
    id: str
    customer_id: str
    booking_id: str | None
    status: InvoiceStatus
    currency: Currency
    amount_due: int
    amount_paid: int
    line_items: list[LineItemRead]
    issued_at: datetime
    paid_at: datetime | None
    voided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class InvoiceList(BaseModel):
    data: list[InvoiceRead]
    pagination: Pagination
