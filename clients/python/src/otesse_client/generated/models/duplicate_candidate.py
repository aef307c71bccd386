from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.duplicate_reason import DuplicateReason

if TYPE_CHECKING:
    from ..models.customer_read import CustomerRead


T = TypeVar("T", bound="DuplicateCandidate")


@_attrs_define
class DuplicateCandidate:
    """
    Attributes:
        score (int): 0-100: how likely the two are one household.
        reasons (list[DuplicateReason]): What matched, strongest first.
        customer (CustomerRead):
    """

    score: int
    reasons: list[DuplicateReason]
    customer: CustomerRead
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        score = self.score

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)

        customer = self.customer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "score": score,
                "reasons": reasons,
                "customer": customer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_read import CustomerRead

        d = dict(src_dict)
        score = d.pop("score")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = DuplicateReason(reasons_item_data)

            reasons.append(reasons_item)

        customer = CustomerRead.from_dict(d.pop("customer"))

        duplicate_candidate = cls(
            score=score,
            reasons=reasons,
            customer=customer,
        )

        duplicate_candidate.additional_properties = d
        return duplicate_candidate

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
