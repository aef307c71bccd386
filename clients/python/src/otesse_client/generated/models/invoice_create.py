from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.line_item_create import LineItemCreate


T = TypeVar("T", bound="InvoiceCreate")


@_attrs_define
class InvoiceCreate:
    """
    Attributes:
        customer_id (str):
        line_items (list[LineItemCreate]):
        booking_id (None | str | Unset): One of the customer's bookings.
        currency (Literal['usd'] | Unset):
    """

    customer_id: str
    line_items: list[LineItemCreate]
    booking_id: None | str | Unset = UNSET
    currency: Literal["usd"] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        line_items = []
        for line_items_item_data in self.line_items:
            line_items_item = line_items_item_data.to_dict()
            line_items.append(line_items_item)

        booking_id: None | str | Unset
        if isinstance(self.booking_id, Unset):
            booking_id = UNSET
        else:
            booking_id = self.booking_id

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer_id": customer_id,
                "line_items": line_items,
            }
        )
        if booking_id is not UNSET:
            field_dict["booking_id"] = booking_id
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.line_item_create import LineItemCreate

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        line_items = []
        _line_items = d.pop("line_items")
        for line_items_item_data in _line_items:
            line_items_item = LineItemCreate.from_dict(line_items_item_data)

            line_items.append(line_items_item)

        def _parse_booking_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        booking_id = _parse_booking_id(d.pop("booking_id", UNSET))

        currency = cast(Literal["usd"] | Unset, d.pop("currency", UNSET))
        if currency != "usd" and not isinstance(currency, Unset):
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        invoice_create = cls(
            customer_id=customer_id,
            line_items=line_items,
            booking_id=booking_id,
            currency=currency,
        )

        return invoice_create
