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
    from ..models.event_data import EventData
    from ..models.event_request import EventRequest


T = TypeVar("T", bound="EventRead")


@_attrs_define
class EventRead:
    """
    Attributes:
        id (str): `evt_…`; the `webhook-id` of every delivery of this event.
        object_ (Literal['event']):
        type_ (str): `customer.created`, `booking.completed`, … (docs/webhooks.md).
        created_at (datetime.datetime):
        customer_id (None | str): The customer the change concerns, if any.
        sequence (int): Strictly increasing per account and mode, in commit order: resume the feed with
            `after_sequence`.
        data (EventData):
        request (EventRequest):
    """

    id: str
    object_: Literal["event"]
    type_: str
    created_at: datetime.datetime
    customer_id: None | str
    sequence: int
    data: EventData
    request: EventRequest
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        type_ = self.type_

        created_at = self.created_at.isoformat()

        customer_id: None | str
        customer_id = self.customer_id

        sequence = self.sequence

        data = self.data.to_dict()

        request = self.request.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "type": type_,
                "created_at": created_at,
                "customer_id": customer_id,
                "sequence": sequence,
                "data": data,
                "request": request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_data import EventData
        from ..models.event_request import EventRequest

        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["event"], d.pop("object"))
        if object_ != "event":
            raise ValueError(f"object must match const 'event', got '{object_}'")

        type_ = d.pop("type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        sequence = d.pop("sequence")

        data = EventData.from_dict(d.pop("data"))

        request = EventRequest.from_dict(d.pop("request"))

        event_read = cls(
            id=id,
            object_=object_,
            type_=type_,
            created_at=created_at,
            customer_id=customer_id,
            sequence=sequence,
            data=data,
            request=request,
        )

        event_read.additional_properties = d
        return event_read

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
