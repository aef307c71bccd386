from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_delivery_status import WebhookDeliveryStatus

T = TypeVar("T", bound="WebhookAttemptRead")


@_attrs_define
class WebhookAttemptRead:
    """
    Attributes:
        id (str):
        delivery_id (str):
        event_id (str): Also the `webhook-id` header of the request.
        attempt (int): 1 for the first try of this delivery.
        status_code (int | None): The receiver's status; null: no answer.
        duration_ms (int):
        error (None | str): What went wrong, when the attempt failed.
        delivery_status (WebhookDeliveryStatus):
        next_retry_at (datetime.datetime | None): When it is tried again, if it is.
        created_at (datetime.datetime):
    """

    id: str
    delivery_id: str
    event_id: str
    attempt: int
    status_code: int | None
    duration_ms: int
    error: None | str
    delivery_status: WebhookDeliveryStatus
    next_retry_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        delivery_id = self.delivery_id

        event_id = self.event_id

        attempt = self.attempt

        status_code: int | None
        status_code = self.status_code

        duration_ms = self.duration_ms

        error: None | str
        error = self.error

        delivery_status = self.delivery_status.value

        next_retry_at: None | str
        if isinstance(self.next_retry_at, datetime.datetime):
            next_retry_at = self.next_retry_at.isoformat()
        else:
            next_retry_at = self.next_retry_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "delivery_id": delivery_id,
                "event_id": event_id,
                "attempt": attempt,
                "status_code": status_code,
                "duration_ms": duration_ms,
                "error": error,
                "delivery_status": delivery_status,
                "next_retry_at": next_retry_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        delivery_id = d.pop("delivery_id")

        event_id = d.pop("event_id")

        attempt = d.pop("attempt")

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        duration_ms = d.pop("duration_ms")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        delivery_status = WebhookDeliveryStatus(d.pop("delivery_status"))

        def _parse_next_retry_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_retry_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_retry_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_retry_at = _parse_next_retry_at(d.pop("next_retry_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        webhook_attempt_read = cls(
            id=id,
            delivery_id=delivery_id,
            event_id=event_id,
            attempt=attempt,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error,
            delivery_status=delivery_status,
            next_retry_at=next_retry_at,
            created_at=created_at,
        )

        webhook_attempt_read.additional_properties = d
        return webhook_attempt_read

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
