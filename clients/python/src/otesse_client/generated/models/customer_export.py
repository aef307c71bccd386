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

if TYPE_CHECKING:
    from ..models.booking_read import BookingRead
    from ..models.consent_read import ConsentRead
    from ..models.customer_read import CustomerRead
    from ..models.event_read import EventRead
    from ..models.invitation_record import InvitationRecord
    from ..models.invoice_read import InvoiceRead
    from ..models.subscription_read import SubscriptionRead


T = TypeVar("T", bound="CustomerExport")


@_attrs_define
class CustomerExport:
    """
    Attributes:
        object_ (Literal['customer_export']):
        schema_version (int): Changes when a key changes meaning or goes away.
        generated_at (datetime.datetime):
        customer (CustomerRead):
        bookings (list[BookingRead]):
        subscriptions (list[SubscriptionRead]):
        invoices (list[InvoiceRead]):
        invitations (list[InvitationRecord]):
        consents (list[ConsentRead]):
        events (list[EventRead]):
    """

    object_: Literal["customer_export"]
    schema_version: int
    generated_at: datetime.datetime
    customer: CustomerRead
    bookings: list[BookingRead]
    subscriptions: list[SubscriptionRead]
    invoices: list[InvoiceRead]
    invitations: list[InvitationRecord]
    consents: list[ConsentRead]
    events: list[EventRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        schema_version = self.schema_version

        generated_at = self.generated_at.isoformat()

        customer = self.customer.to_dict()

        bookings = []
        for bookings_item_data in self.bookings:
            bookings_item = bookings_item_data.to_dict()
            bookings.append(bookings_item)

        subscriptions = []
        for subscriptions_item_data in self.subscriptions:
            subscriptions_item = subscriptions_item_data.to_dict()
            subscriptions.append(subscriptions_item)

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)

        invitations = []
        for invitations_item_data in self.invitations:
            invitations_item = invitations_item_data.to_dict()
            invitations.append(invitations_item)

        consents = []
        for consents_item_data in self.consents:
            consents_item = consents_item_data.to_dict()
            consents.append(consents_item)

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "schema_version": schema_version,
                "generated_at": generated_at,
                "customer": customer,
                "bookings": bookings,
                "subscriptions": subscriptions,
                "invoices": invoices,
                "invitations": invitations,
                "consents": consents,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.booking_read import BookingRead
        from ..models.consent_read import ConsentRead
        from ..models.customer_read import CustomerRead
        from ..models.event_read import EventRead
        from ..models.invitation_record import InvitationRecord
        from ..models.invoice_read import InvoiceRead
        from ..models.subscription_read import SubscriptionRead

        d = dict(src_dict)
        object_ = cast(Literal["customer_export"], d.pop("object"))
        if object_ != "customer_export":
            raise ValueError(
                f"object must match const 'customer_export', got '{object_}'"
            )

        schema_version = d.pop("schema_version")

        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        customer = CustomerRead.from_dict(d.pop("customer"))

        bookings = []
        _bookings = d.pop("bookings")
        for bookings_item_data in _bookings:
            bookings_item = BookingRead.from_dict(bookings_item_data)

            bookings.append(bookings_item)

        subscriptions = []
        _subscriptions = d.pop("subscriptions")
        for subscriptions_item_data in _subscriptions:
            subscriptions_item = SubscriptionRead.from_dict(subscriptions_item_data)

            subscriptions.append(subscriptions_item)

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in _invoices:
            invoices_item = InvoiceRead.from_dict(invoices_item_data)

            invoices.append(invoices_item)

        invitations = []
        _invitations = d.pop("invitations")
        for invitations_item_data in _invitations:
            invitations_item = InvitationRecord.from_dict(invitations_item_data)

            invitations.append(invitations_item)

        consents = []
        _consents = d.pop("consents")
        for consents_item_data in _consents:
            consents_item = ConsentRead.from_dict(consents_item_data)

            consents.append(consents_item)

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = EventRead.from_dict(events_item_data)

            events.append(events_item)

        customer_export = cls(
            object_=object_,
            schema_version=schema_version,
            generated_at=generated_at,
            customer=customer,
            bookings=bookings,
            subscriptions=subscriptions,
            invoices=invoices,
            invitations=invitations,
            consents=consents,
            events=events,
        )

        customer_export.additional_properties = d
        return customer_export

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
