from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_channel import ConsentChannel
from ..models.consent_purpose import ConsentPurpose
from ..models.consent_source import ConsentSource
from ..models.consent_state import ConsentState

T = TypeVar("T", bound="ConsentRead")


@_attrs_define
class ConsentRead:
    """
    Attributes:
        id (str):
        customer_id (str):
        channel (ConsentChannel):
        purpose (ConsentPurpose):
        state (ConsentState):
        source (ConsentSource):
        disclosure (str): The text shown, or its version id.
        ip (None | str): The client's address (page sources only).
        user_agent (None | str): The browser's User-Agent (page sources only).
        request_id (None | str): The request that recorded it.
        recorded_at (datetime.datetime):
    """

    id: str
    customer_id: str
    channel: ConsentChannel
    purpose: ConsentPurpose
    state: ConsentState
    source: ConsentSource
    disclosure: str
    ip: None | str
    user_agent: None | str
    request_id: None | str
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        customer_id = self.customer_id

        channel = self.channel.value

        purpose = self.purpose.value

        state = self.state.value

        source = self.source.value

        disclosure = self.disclosure

        ip: None | str
        ip = self.ip

        user_agent: None | str
        user_agent = self.user_agent

        request_id: None | str
        request_id = self.request_id

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "channel": channel,
                "purpose": purpose,
                "state": state,
                "source": source,
                "disclosure": disclosure,
                "ip": ip,
                "user_agent": user_agent,
                "request_id": request_id,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        customer_id = d.pop("customer_id")

        channel = ConsentChannel(d.pop("channel"))

        purpose = ConsentPurpose(d.pop("purpose"))

        state = ConsentState(d.pop("state"))

        source = ConsentSource(d.pop("source"))

        disclosure = d.pop("disclosure")

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        consent_read = cls(
            id=id,
            customer_id=customer_id,
            channel=channel,
            purpose=purpose,
            state=state,
            source=source,
            disclosure=disclosure,
            ip=ip,
            user_agent=user_agent,
            request_id=request_id,
            recorded_at=recorded_at,
        )

        consent_read.additional_properties = d
        return consent_read

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
