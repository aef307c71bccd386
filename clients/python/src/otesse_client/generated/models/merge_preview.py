from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer_read import CustomerRead
    from ..models.moved import Moved


T = TypeVar("T", bound="MergePreview")


@_attrs_define
class MergePreview:
    """
    Attributes:
        target (CustomerRead):
        source (CustomerRead):
        moved (Moved): How many of the source's rows move to the target.
    """

    target: CustomerRead
    source: CustomerRead
    moved: Moved
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target = self.target.to_dict()

        source = self.source.to_dict()

        moved = self.moved.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "target": target,
                "source": source,
                "moved": moved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_read import CustomerRead
        from ..models.moved import Moved

        d = dict(src_dict)
        target = CustomerRead.from_dict(d.pop("target"))

        source = CustomerRead.from_dict(d.pop("source"))

        moved = Moved.from_dict(d.pop("moved"))

        merge_preview = cls(
            target=target,
            source=source,
            moved=moved,
        )

        merge_preview.additional_properties = d
        return merge_preview

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
