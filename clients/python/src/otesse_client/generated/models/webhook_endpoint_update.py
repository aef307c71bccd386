from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_selector import EventSelector
from ..models.webhook_endpoint_status import WebhookEndpointStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointUpdate")


@_attrs_define
class WebhookEndpointUpdate:
    """
    Attributes:
        url (str | Unset): Where events are POSTed; `https` in live mode; no private addresses.
        enabled_events (list[EventSelector] | Unset): Event types to receive (`customer.created`), families
            (`customer.*`) or `*` for every type.
        description (None | str | Unset):
        status (WebhookEndpointStatus | Unset):
    """

    url: str | Unset = UNSET
    enabled_events: list[EventSelector] | Unset = UNSET
    description: None | str | Unset = UNSET
    status: WebhookEndpointStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        enabled_events: list[str] | Unset = UNSET
        if not isinstance(self.enabled_events, Unset):
            enabled_events = []
            for enabled_events_item_data in self.enabled_events:
                enabled_events_item = enabled_events_item_data.value
                enabled_events.append(enabled_events_item)

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if enabled_events is not UNSET:
            field_dict["enabled_events"] = enabled_events
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        _enabled_events = d.pop("enabled_events", UNSET)
        enabled_events: list[EventSelector] | Unset = UNSET
        if _enabled_events is not UNSET:
            enabled_events = []
            for enabled_events_item_data in _enabled_events:
                enabled_events_item = EventSelector(enabled_events_item_data)

                enabled_events.append(enabled_events_item)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _status = d.pop("status", UNSET)
        status: WebhookEndpointStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = WebhookEndpointStatus(_status)

        webhook_endpoint_update = cls(
            url=url,
            enabled_events=enabled_events,
            description=description,
            status=status,
        )

        return webhook_endpoint_update
