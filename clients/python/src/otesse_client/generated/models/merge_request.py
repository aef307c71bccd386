from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MergeRequest")


@_attrs_define
class MergeRequest:
    """
    Attributes:
        source_id (str): The customer merged into this one: it keeps its id, gets status `merged` and `merged_into`, and
            everything it owns moves here.
    """

    source_id: str

    def to_dict(self) -> dict[str, Any]:
        source_id = self.source_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source_id": source_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source_id = d.pop("source_id")

        merge_request = cls(
            source_id=source_id,
        )

        return merge_request
