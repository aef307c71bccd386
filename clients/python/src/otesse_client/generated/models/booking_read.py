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
from attrs import field as _attrs_field

from ..models.booking_status import BookingStatus
from ..models.service import Service

T = TypeVar("T", bound="BookingRead")


@_attrs_define
class BookingRead:
    """
    Attributes:
        id (str):
        customer_id (str):
        address_id (str):
        subscription_id (None | str):
        service (Service):
        status (BookingStatus):
        scheduled_at (datetime.datetime):
        duration_minutes (int):
        price (int):
        currency (Literal['usd']):
        notes (None | str):
        completed_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    customer_id: str
    address_id: str
    subscription_id: None | str
    service: Service
    status: BookingStatus
    scheduled_at: datetime.datetime
    duration_minutes: int
    price: int
    currency: Literal["usd"]
    notes: None | str
    completed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        customer_id = self.customer_id

        address_id = self.address_id

        subscription_id: None | str
        subscription_id = self.subscription_id

        service = self.service.value

        status = self.status.value

        scheduled_at = self.scheduled_at.isoformat()

        duration_minutes = self.duration_minutes

        price = self.price

        currency = self.currency

        notes: None | str
        notes = self.notes

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "address_id": address_id,
                "subscription_id": subscription_id,
                "service": service,
                "status": status,
                "scheduled_at": scheduled_at,
                "duration_minutes": duration_minutes,
                "price": price,
                "currency": currency,
                "notes": notes,
                "completed_at": completed_at,
                "cancelled_at": cancelled_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        customer_id = d.pop("customer_id")

        address_id = d.pop("address_id")

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        service = Service(d.pop("service"))

        status = BookingStatus(d.pop("status"))

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        duration_minutes = d.pop("duration_minutes")

        price = d.pop("price")

        currency = cast(Literal["usd"], d.pop("currency"))
        if currency != "usd":
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        booking_read = cls(
            id=id,
            customer_id=customer_id,
            address_id=address_id,
            subscription_id=subscription_id,
            service=service,
            status=status,
            scheduled_at=scheduled_at,
            duration_minutes=duration_minutes,
            price=price,
            currency=currency,
            notes=notes,
            completed_at=completed_at,
            cancelled_at=cancelled_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        booking_read.additional_properties = d
        return booking_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
