from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_data_object import EventDataObject
    from ..models.event_data_previous_attributes import EventDataPreviousAttributes


T = TypeVar("T", bound="EventData")


@_attrs_define
class EventData:
    """
    Attributes:
        object_ (EventDataObject): The resource exactly as its GET answered it right after the change.
        previous_attributes (EventDataPreviousAttributes): The top-level fields the change moved, with their values
            before it (empty for a creation).
    """

    object_: EventDataObject
    previous_attributes: EventDataPreviousAttributes
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.to_dict()

        previous_attributes = self.previous_attributes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "previous_attributes": previous_attributes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_data_object import EventDataObject
        from ..models.event_data_previous_attributes import EventDataPreviousAttributes

        d = dict(src_dict)
        object_ = EventDataObject.from_dict(d.pop("object"))

        previous_attributes = EventDataPreviousAttributes.from_dict(
            d.pop("previous_attributes")
        )

        event_data = cls(
            object_=object_,
            previous_attributes=previous_attributes,
        )

        event_data.additional_properties = d
        return event_data

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
