from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BookingUpdate")


@_attrs_define
class BookingUpdate:
    """A reschedule or a note; only while the booking is scheduled or confirmed.

    Attributes:
        scheduled_at (datetime.datetime | Unset):
        duration_minutes (int | Unset): Minutes, 15 to 1440.
        notes (None | str | Unset):
    """

    scheduled_at: datetime.datetime | Unset = UNSET
    duration_minutes: int | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scheduled_at: str | Unset = UNSET
        if not isinstance(self.scheduled_at, Unset):
            scheduled_at = self.scheduled_at.isoformat()

        duration_minutes = self.duration_minutes

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if duration_minutes is not UNSET:
            field_dict["duration_minutes"] = duration_minutes
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _scheduled_at = d.pop("scheduled_at", UNSET)
        scheduled_at: datetime.datetime | Unset
        if isinstance(_scheduled_at, Unset):
            scheduled_at = UNSET
        else:
            scheduled_at = datetime.datetime.fromisoformat(_scheduled_at)

        duration_minutes = d.pop("duration_minutes", UNSET)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        booking_update = cls(
            scheduled_at=scheduled_at,
            duration_minutes=duration_minutes,
            notes=notes,
        )

        return booking_update
