from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ZoneCreate")


@_attrs_define
class ZoneCreate:
    """
    Attributes:
        name (str):
        zip_codes (list[str] | Unset): 5-digit ZIP codes.
    """

    name: str
    zip_codes: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        zip_codes: list[str] | Unset = UNSET
        if not isinstance(self.zip_codes, Unset):
            zip_codes = self.zip_codes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if zip_codes is not UNSET:
            field_dict["zip_codes"] = zip_codes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        zip_codes = cast(list[str], d.pop("zip_codes", UNSET))

        zone_create = cls(
            name=name,
            zip_codes=zip_codes,
        )

        return zone_create
