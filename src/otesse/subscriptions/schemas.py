"""Subscription bodies and the subscription as clients read it."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from otesse.bookings.schemas import Price, Service
from otesse.core.validation import RequestBody

Frequency = Literal["weekly", "biweekly", "monthly"]
SubscriptionStatus = Literal["active", "paused", "cancelled"]


class SubscriptionCreate(RequestBody):
    customer_id: str
    address_id: str = Field(description="One of the customer's addresses.")
    service: Service
    frequency: Frequency
    price: Price = Field(description="Cents per visit.")
    currency: Literal["usd"] = "usd"
    start_date: dt.date


class SubscriptionRead(BaseModel):
    id: str
    customer_id: str
    address_id: str
    service: Service
    frequency: Frequency
    price: int
    currency: str
    start_date: dt.date
    status: SubscriptionStatus
    paused_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class SubscriptionList(BaseModel):
    data: list[SubscriptionRead]
    pagination: dict[str, int]
