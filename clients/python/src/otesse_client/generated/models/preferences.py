from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.preferred_contact import PreferredContact

if TYPE_CHECKING:
    from ..models.marketing_consent import MarketingConsent


T = TypeVar("T", bound="Preferences")


@_attrs_define
class Preferences:
    """
    Attributes:
        preferred_contact (PreferredContact):
        marketing_opt_in (bool): Whether any channel's marketing consent is granted (`marketing_consent`); derived from
            the consent ledger. PATCH `true` records an email-marketing consent, `false` withdraws every granted one.
        marketing_consent (MarketingConsent): The current marketing consent per channel: the latest ledger record of
            each.
    """

    preferred_contact: PreferredContact
    marketing_opt_in: bool
    marketing_consent: MarketingConsent
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        preferred_contact = self.preferred_contact.value

        marketing_opt_in = self.marketing_opt_in

        marketing_consent = self.marketing_consent.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "preferred_contact": preferred_contact,
                "marketing_opt_in": marketing_opt_in,
                "marketing_consent": marketing_consent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.marketing_consent import MarketingConsent

        d = dict(src_dict)
        preferred_contact = PreferredContact(d.pop("preferred_contact"))

        marketing_opt_in = d.pop("marketing_opt_in")

        marketing_consent = MarketingConsent.from_dict(d.pop("marketing_consent"))

        preferences = cls(
            preferred_contact=preferred_contact,
            marketing_opt_in=marketing_opt_in,
            marketing_consent=marketing_consent,
        )

        preferences.additional_properties = d
        return preferences

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
