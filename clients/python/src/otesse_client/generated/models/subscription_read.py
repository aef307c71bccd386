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

from ..models.frequency import Frequency
from ..models.service import Service
from ..models.subscription_status import SubscriptionStatus

T = TypeVar("T", bound="SubscriptionRead")


@_attrs_define
class SubscriptionRead:
    """
    Attributes:
        id (str):
        customer_id (str):
        address_id (str):
        service (Service):
        frequency (Frequency):
        price (int):
        currency (Literal['usd']):
        start_date (datetime.date):
        status (SubscriptionStatus):
        paused_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    customer_id: str
    address_id: str
    service: Service
    frequency: Frequency
    price: int
    currency: Literal["usd"]
    start_date: datetime.date
    status: SubscriptionStatus
    paused_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        customer_id = self.customer_id

        address_id = self.address_id

        service = self.service.value

        frequency = self.frequency.value

        price = self.price

        currency = self.currency

        start_date = self.start_date.isoformat()

        status = self.status.value

        paused_at: None | str
        if isinstance(self.paused_at, datetime.datetime):
            paused_at = self.paused_at.isoformat()
        else:
            paused_at = self.paused_at

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
                "service": service,
                "frequency": frequency,
                "price": price,
                "currency": currency,
                "start_date": start_date,
                "status": status,
                "paused_at": paused_at,
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

        service = Service(d.pop("service"))

        frequency = Frequency(d.pop("frequency"))

        price = d.pop("price")

        currency = cast(Literal["usd"], d.pop("currency"))
        if currency != "usd":
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        status = SubscriptionStatus(d.pop("status"))

        def _parse_paused_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_at_type_0 = datetime.datetime.fromisoformat(data)

                return paused_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paused_at = _parse_paused_at(d.pop("paused_at"))

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

        subscription_read = cls(
            id=id,
            customer_id=customer_id,
            address_id=address_id,
            service=service,
            frequency=frequency,
            price=price,
            currency=currency,
            start_date=start_date,
            status=status,
            paused_at=paused_at,
            cancelled_at=cancelled_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        subscription_read.additional_properties = d
        return subscription_read

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
