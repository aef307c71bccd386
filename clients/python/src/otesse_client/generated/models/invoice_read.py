from __future__ import annotations

import datetime
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
from attrs import field as _attrs_field

from ..models.invoice_status import InvoiceStatus

if TYPE_CHECKING:
    from ..models.line_item_read import LineItemRead


T = TypeVar("T", bound="InvoiceRead")


@_attrs_define
class InvoiceRead:
    """
    Attributes:
        id (str):
        customer_id (str):
        booking_id (None | str):
        status (InvoiceStatus):
        currency (Literal['usd']):
        amount_due (int):
        amount_paid (int):
        line_items (list[LineItemRead]):
        issued_at (datetime.datetime):
        paid_at (datetime.datetime | None):
        voided_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    customer_id: str
    booking_id: None | str
    status: InvoiceStatus
    currency: Literal["usd"]
    amount_due: int
    amount_paid: int
    line_items: list[LineItemRead]
    issued_at: datetime.datetime
    paid_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        customer_id = self.customer_id

        booking_id: None | str
        booking_id = self.booking_id

        status = self.status.value

        currency = self.currency

        amount_due = self.amount_due

        amount_paid = self.amount_paid

        line_items = []
        for line_items_item_data in self.line_items:
            line_items_item = line_items_item_data.to_dict()
            line_items.append(line_items_item)

        issued_at = self.issued_at.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "booking_id": booking_id,
                "status": status,
                "currency": currency,
                "amount_due": amount_due,
                "amount_paid": amount_paid,
                "line_items": line_items,
                "issued_at": issued_at,
                "paid_at": paid_at,
                "voided_at": voided_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.line_item_read import LineItemRead

        d = dict(src_dict)
        id = d.pop("id")

        customer_id = d.pop("customer_id")

        def _parse_booking_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        booking_id = _parse_booking_id(d.pop("booking_id"))

        status = InvoiceStatus(d.pop("status"))

        currency = cast(Literal["usd"], d.pop("currency"))
        if currency != "usd":
            raise ValueError(f"currency must match const 'usd', got '{currency}'")

        amount_due = d.pop("amount_due")

        amount_paid = d.pop("amount_paid")

        line_items = []
        _line_items = d.pop("line_items")
        for line_items_item_data in _line_items:
            line_items_item = LineItemRead.from_dict(line_items_item_data)

            line_items.append(line_items_item)

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        invoice_read = cls(
            id=id,
            customer_id=customer_id,
            booking_id=booking_id,
            status=status,
            currency=currency,
            amount_due=amount_due,
            amount_paid=amount_paid,
            line_items=line_items,
            issued_at=issued_at,
            paid_at=paid_at,
            voided_at=voided_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        invoice_read.additional_properties = d
        return invoice_read

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
