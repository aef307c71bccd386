from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.consent_api_source import ConsentApiSource
from ..models.consent_channel import ConsentChannel
from ..models.consent_purpose import ConsentPurpose
from ..models.consent_state import ConsentState
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentCreate")


@_attrs_define
class ConsentCreate:
    """
    Attributes:
        channel (ConsentChannel):
        purpose (ConsentPurpose):
        state (ConsentState):
        disclosure (str): The exact text the customer agreed to (or a version id of it): what the record proves.
            Required.
        source (ConsentApiSource | Unset):
    """

    channel: ConsentChannel
    purpose: ConsentPurpose
    state: ConsentState
    disclosure: str
    source: ConsentApiSource | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        purpose = self.purpose.value

        state = self.state.value

        disclosure = self.disclosure

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "purpose": purpose,
                "state": state,
                "disclosure": disclosure,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        channel = ConsentChannel(d.pop("channel"))

        purpose = ConsentPurpose(d.pop("purpose"))

        state = ConsentState(d.pop("state"))

        disclosure = d.pop("disclosure")

        _source = d.pop("source", UNSET)
        source: ConsentApiSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ConsentApiSource(_source)

        consent_create = cls(
            channel=channel,
            purpose=purpose,
            state=state,
            disclosure=disclosure,
            source=source,
        )

        return consent_create
