from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.us_state import UsState
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddressCreate")


@_attrs_define
class AddressCreate:
    """
    Attributes:
        street (str):
        city (str):
        state (UsState):
        zip_ (str): 5 digits or ZIP+4 (`12345-6789`).
        label (None | str | Unset):
        access_notes (None | str | Unset):
        is_default (bool | Unset): Make it the default (the first address always is). Default: False.
    """

    street: str
    city: str
    state: UsState
    zip_: str
    label: None | str | Unset = UNSET
    access_notes: None | str | Unset = UNSET
    is_default: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        street = self.street

        city = self.city

        state = self.state.value

        zip_ = self.zip_

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        access_notes: None | str | Unset
        if isinstance(self.access_notes, Unset):
            access_notes = UNSET
        else:
            access_notes = self.access_notes

        is_default = self.is_default

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "street": street,
                "city": city,
                "state": state,
                "zip": zip_,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label
        if access_notes is not UNSET:
            field_dict["access_notes"] = access_notes
        if is_default is not UNSET:
            field_dict["is_default"] = is_default

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        street = d.pop("street")

        city = d.pop("city")

        state = UsState(d.pop("state"))

        zip_ = d.pop("zip")

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        def _parse_access_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        access_notes = _parse_access_notes(d.pop("access_notes", UNSET))

        is_default = d.pop("is_default", UNSET)

        address_create = cls(
            street=street,
            city=city,
            state=state,
            zip_=zip_,
            label=label,
            access_notes=access_notes,
            is_default=is_default,
        )

        return address_create
