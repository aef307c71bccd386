"""Subscription bodies and the subscription as clients read it."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from otesse.bookings.schemas import Currency, Price, Service
from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.validation import RequestBody

Frequency = Annotated[Literal["weekly", "biweekly", "monthly"], NamedEnum("Frequency")]
SubscriptionStatus = Annotated[
    Literal["active", "paused", "cancelled"], NamedEnum("SubscriptionStatus")
]


class SubscriptionCreate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "cust_01JZ8Q4W7Y3N5K2M9P6R1T0V4X",
                    "address_id": "addr_01JZ8Q4W7Y3N5K2M9P6R1T0V4Y",
                    "service": "standard_cleaning",
                    "frequency": "biweekly",
                    "price": 12000,
                    "start_date": "2026-03-01",
                }
            ]
        },
    )

    customer_id: str
    address_id: str = Field(description="One of the customer's addresses.")
    service: Service
    frequency: Frequency
    price: Price = Field(description="Cents per visit.")
    currency: Currency = "usd"
    start_date: dt.date


class SubscriptionRead(BaseModel):
    id: str
    customer_id: str
    address_id: str
    service: Service
    frequency: Frequency
    price: int
    currency: Currency
    start_date: dt.date
    status: SubscriptionStatus
    paused_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class SubscriptionList(BaseModel):
    data: list[SubscriptionRead]
    pagination: Pagination
