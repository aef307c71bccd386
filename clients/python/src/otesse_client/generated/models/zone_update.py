from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ZoneUpdate")


@_attrs_define
class ZoneUpdate:
    """
    Attributes:
        name (None | str | Unset):
        zip_codes (list[str] | None | Unset): Replaces the zone's ZIP codes as a whole.
    """

    name: None | str | Unset = UNSET
    zip_codes: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        zip_codes: list[str] | None | Unset
        if isinstance(self.zip_codes, Unset):
            zip_codes = UNSET
        elif isinstance(self.zip_codes, list):
            zip_codes = self.zip_codes

        else:
            zip_codes = self.zip_codes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if zip_codes is not UNSET:
            field_dict["zip_codes"] = zip_codes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_zip_codes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                zip_codes_type_0 = cast(list[str], data)

                return zip_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        zip_codes = _parse_zip_codes(d.pop("zip_codes", UNSET))

        zone_update = cls(
            name=name,
            zip_codes=zip_codes,
        )

        return zone_update
