from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Stats")


@_attrs_define
class Stats:
    """
    Attributes:
        total_bookings (int):
        total_spent (int): Cents.
        last_booking_at (datetime.datetime | None):
        active_subscription (bool):
    """

    total_bookings: int
    total_spent: int
    last_booking_at: datetime.datetime | None
    active_subscription: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_bookings = self.total_bookings

        total_spent = self.total_spent

        last_booking_at: None | str
        if isinstance(self.last_booking_at, datetime.datetime):
            last_booking_at = self.last_booking_at.isoformat()
        else:
            last_booking_at = self.last_booking_at

        active_subscription = self.active_subscription

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_bookings": total_bookings,
                "total_spent": total_spent,
                "last_booking_at": last_booking_at,
                "active_subscription": active_subscription,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total_bookings = d.pop("total_bookings")

        total_spent = d.pop("total_spent")

        def _parse_last_booking_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_booking_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_booking_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_booking_at = _parse_last_booking_at(d.pop("last_booking_at"))

        active_subscription = d.pop("active_subscription")

        stats = cls(
            total_bookings=total_bookings,
            total_spent=total_spent,
            last_booking_at=last_booking_at,
            active_subscription=active_subscription,
        )

        stats.additional_properties = d
        return stats

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
