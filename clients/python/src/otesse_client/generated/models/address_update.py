from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.us_state import UsState
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddressUpdate")


@_attrs_define
class AddressUpdate:
    """
    Attributes:
        label (None | str | Unset):
        street (str | Unset):
        city (str | Unset):
        state (UsState | Unset):
        zip_ (str | Unset):
        access_notes (None | str | Unset):
        is_default (bool | Unset): true makes it the default; false on the default address is a 409.
    """

    label: None | str | Unset = UNSET
    street: str | Unset = UNSET
    city: str | Unset = UNSET
    state: UsState | Unset = UNSET
    zip_: str | Unset = UNSET
    access_notes: None | str | Unset = UNSET
    is_default: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        street = self.street

        city = self.city

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        zip_ = self.zip_

        access_notes: None | str | Unset
        if isinstance(self.access_notes, Unset):
            access_notes = UNSET
        else:
            access_notes = self.access_notes

        is_default = self.is_default

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if label is not UNSET:
            field_dict["label"] = label
        if street is not UNSET:
            field_dict["street"] = street
        if city is not UNSET:
            field_dict["city"] = city
        if state is not UNSET:
            field_dict["state"] = state
        if zip_ is not UNSET:
            field_dict["zip"] = zip_
        if access_notes is not UNSET:
            field_dict["access_notes"] = access_notes
        if is_default is not UNSET:
            field_dict["is_default"] = is_default

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        street = d.pop("street", UNSET)

        city = d.pop("city", UNSET)

        _state = d.pop("state", UNSET)
        state: UsState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = UsState(_state)

        zip_ = d.pop("zip", UNSET)

        def _parse_access_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        access_notes = _parse_access_notes(d.pop("access_notes", UNSET))

        is_default = d.pop("is_default", UNSET)

        address_update = cls(
            label=label,
            street=street,
            city=city,
            state=state,
            zip_=zip_,
            access_notes=access_notes,
            is_default=is_default,
        )

        return address_update
