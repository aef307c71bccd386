from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplayRequest")


@_attrs_define
class ReplayRequest:
    """
    Attributes:
        after_sequence (int | None | Unset): Send again every retained event after this `sequence` (neither field: every
            retained event; with event_ids: those of them after it).
        event_ids (list[str] | None | Unset): Or send these events again.
    """

    after_sequence: int | None | Unset = UNSET
    event_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        after_sequence: int | None | Unset
        if isinstance(self.after_sequence, Unset):
            after_sequence = UNSET
        else:
            after_sequence = self.after_sequence

        event_ids: list[str] | None | Unset
        if isinstance(self.event_ids, Unset):
            event_ids = UNSET
        elif isinstance(self.event_ids, list):
            event_ids = self.event_ids

        else:
            event_ids = self.event_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if after_sequence is not UNSET:
            field_dict["after_sequence"] = after_sequence
        if event_ids is not UNSET:
            field_dict["event_ids"] = event_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_after_sequence(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        after_sequence = _parse_after_sequence(d.pop("after_sequence", UNSET))

        def _parse_event_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                event_ids_type_0 = cast(list[str], data)

                return event_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        event_ids = _parse_event_ids(d.pop("event_ids", UNSET))

        replay_request = cls(
            after_sequence=after_sequence,
            event_ids=event_ids,
        )

        return replay_request
