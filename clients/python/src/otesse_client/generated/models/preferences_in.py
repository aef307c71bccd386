from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.preferred_contact import PreferredContact
from ..types import UNSET, Unset

T = TypeVar("T", bound="PreferencesIn")


@_attrs_define
class PreferencesIn:
    """
    Attributes:
        preferred_contact (PreferredContact | Unset):
        marketing_opt_in (bool | Unset): Written to the consent ledger, not beside it: `true` records an email-marketing
            consent (source `api`), `false` withdraws every granted one. Record consent in the customer's own words with
            `POST /v1/customers/{id}/consents`.
    """

    preferred_contact: PreferredContact | Unset = UNSET
    marketing_opt_in: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        preferred_contact: str | Unset = UNSET
        if not isinstance(self.preferred_contact, Unset):
            preferred_contact = self.preferred_contact.value

        marketing_opt_in = self.marketing_opt_in

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if preferred_contact is not UNSET:
            field_dict["preferred_contact"] = preferred_contact
        if marketing_opt_in is not UNSET:
            field_dict["marketing_opt_in"] = marketing_opt_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _preferred_contact = d.pop("preferred_contact", UNSET)
        preferred_contact: PreferredContact | Unset
        if isinstance(_preferred_contact, Unset):
            preferred_contact = UNSET
        else:
            preferred_contact = PreferredContact(_preferred_contact)

        marketing_opt_in = d.pop("marketing_opt_in", UNSET)

        preferences_in = cls(
            preferred_contact=preferred_contact,
            marketing_opt_in=marketing_opt_in,
        )

        return preferences_in
