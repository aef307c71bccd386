from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LineItemCreate")


@_attrs_define
class LineItemCreate:
    """
    Attributes:
        description (str):
        quantity (int):
        unit_amount (int): Cents.
    """

    description: str
    quantity: int
    unit_amount: int

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        quantity = self.quantity

        unit_amount = self.unit_amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "quantity": quantity,
                "unit_amount": unit_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        description = d.pop("description")

        quantity = d.pop("quantity")

        unit_amount = d.pop("unit_amount")

        line_item_create = cls(
            description=description,
            quantity=quantity,
            unit_amount=unit_amount,
        )

        return line_item_create
