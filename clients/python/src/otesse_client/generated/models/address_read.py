from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AddressRead")


@_attrs_define
class AddressRead:
    """
    Attributes:
        id (str):
        label (None | str):
        street (str):
        city (str):
        state (str):
        zip_ (str):
        access_notes (None | str):
        is_default (bool):
        zone_id (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    label: None | str
    street: str
    city: str
    state: str
    zip_: str
    access_notes: None | str
    is_default: bool
    zone_id: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        label: None | str
        label = self.label

        street = self.street

        city = self.city

        state = self.state

        zip_ = self.zip_

        access_notes: None | str
        access_notes = self.access_notes

        is_default = self.is_default

        zone_id: None | str
        zone_id = self.zone_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "label": label,
                "street": street,
                "city": city,
                "state": state,
                "zip": zip_,
                "access_notes": access_notes,
                "is_default": is_default,
                "zone_id": zone_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        street = d.pop("street")

        city = d.pop("city")

        state = d.pop("state")

        zip_ = d.pop("zip")

        def _parse_access_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        access_notes = _parse_access_notes(d.pop("access_notes"))

        is_default = d.pop("is_default")

        def _parse_zone_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        zone_id = _parse_zone_id(d.pop("zone_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        address_read = cls(
            id=id,
            label=label,
            street=street,
            city=city,
            state=state,
            zip_=zip_,
            access_notes=access_notes,
            is_default=is_default,
            zone_id=zone_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        address_read.additional_properties = d
        return address_read

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
