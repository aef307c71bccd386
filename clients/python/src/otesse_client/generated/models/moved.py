from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Moved")


@_attrs_define
class Moved:
    """How many of the source's rows move to the target.

    Attributes:
        addresses (int):
        bookings (int):
        subscriptions (int):
        invoices (int):
        invitations (int):
    """

    addresses: int
    bookings: int
    subscriptions: int
    invoices: int
    invitations: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        addresses = self.addresses

        bookings = self.bookings

        subscriptions = self.subscriptions

        invoices = self.invoices

        invitations = self.invitations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "addresses": addresses,
                "bookings": bookings,
                "subscriptions": subscriptions,
                "invoices": invoices,
                "invitations": invitations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        addresses = d.pop("addresses")

        bookings = d.pop("bookings")

        subscriptions = d.pop("subscriptions")

        invoices = d.pop("invoices")

        invitations = d.pop("invitations")

        moved = cls(
            addresses=addresses,
            bookings=bookings,
            subscriptions=subscriptions,
            invoices=invoices,
            invitations=invitations,
        )

        moved.additional_properties = d
        return moved

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
