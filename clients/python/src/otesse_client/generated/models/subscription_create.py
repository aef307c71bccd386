from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.frequency import Frequency
from ..models.service import Service
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionCreate")


@_attrs_define
class SubscriptionCreate:
    """
    Attributes:
        customer_id (str):
        address_id (str): One of the customer's addresses.
        service (Service):
        frequency (Frequency):
        price (int): Cents per visit.
        start_date (datetime.date):
        currency (Literal['usd'] | Unset):
    """

    customer_id: str
    address_id: str
    service: Service
    frequency: Frequency
    price: int
    start_date: datetime.date
    currency: Literal["usd"] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        address_id = self.address_id

        service = self.service.value

        frequency = self.frequency.value

        price = self.price

        start_date = self.start_date.isoformat()

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer_id": customer_id,
                "address_id": address_id,
                "service": service,
                "frequency": frequency,
                "price": price,
                "start_date": start_date,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        address_id = d.pop("address_id")

        service = Service(d.pop("service"))

        frequency = Frequency(d.pop("frequency"))

        price = d.pop("price")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        currency = cast(Literal["usd"] | Unset, d.pop("currency", UNSET))
        if currency != "usd" and not isinstance(currency, Unset):
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        subscription_create = cls(
            customer_id=customer_id,
            address_id=address_id,
            service=service,
            frequency=frequency,
            price=price,
            start_date=start_date,
            currency=currency,
        )

        return subscription_create
