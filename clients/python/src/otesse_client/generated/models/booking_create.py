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

from ..models.service import Service
from ..types import UNSET, Unset

T = TypeVar("T", bound="BookingCreate")


@_attrs_define
class BookingCreate:
    """
    Attributes:
        customer_id (str):
        address_id (str): One of the customer's addresses.
        service (Service):
        scheduled_at (datetime.datetime): RFC 3339 with a time zone.
        duration_minutes (int): Minutes, 15 to 1440.
        price (int): Cents.
        currency (Literal['usd'] | Unset):
        subscription_id (None | str | Unset): One of the customer's.
        notes (None | str | Unset):
    """

    customer_id: str
    address_id: str
    service: Service
    scheduled_at: datetime.datetime
    duration_minutes: int
    price: int
    currency: Literal["usd"] | Unset = UNSET
    subscription_id: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        address_id = self.address_id

        service = self.service.value

        scheduled_at = self.scheduled_at.isoformat()

        duration_minutes = self.duration_minutes

        price = self.price

        currency = self.currency

        subscription_id: None | str | Unset
        if isinstance(self.subscription_id, Unset):
            subscription_id = UNSET
        else:
            subscription_id = self.subscription_id

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer_id": customer_id,
                "address_id": address_id,
                "service": service,
                "scheduled_at": scheduled_at,
                "duration_minutes": duration_minutes,
                "price": price,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if subscription_id is not UNSET:
            field_dict["subscription_id"] = subscription_id
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        address_id = d.pop("address_id")

        service = Service(d.pop("service"))

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        duration_minutes = d.pop("duration_minutes")

        price = d.pop("price")

        currency = cast(Literal["usd"] | Unset, d.pop("currency", UNSET))
        if currency != "usd" and not isinstance(currency, Unset):
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        def _parse_subscription_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        booking_create = cls(
            customer_id=customer_id,
            address_id=address_id,
            service=service,
            scheduled_at=scheduled_at,
            duration_minutes=duration_minutes,
            price=price,
            currency=currency,
            subscription_id=subscription_id,
            notes=notes,
        )

        return booking_create
