from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.customer_settable_status import CustomerSettableStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_update_metadata import CustomerUpdateMetadata
    from ..models.preferences_in import PreferencesIn


T = TypeVar("T", bound="CustomerUpdate")


@_attrs_define
class CustomerUpdate:
    """
    Attributes:
        first_name (str | Unset):
        last_name (str | Unset):
        email (str | Unset): At most 64 characters before the @-sign, and those ASCII (an internationalised domain is
            fine: mail goes to its IDNA form); special-use domains (.test, .invalid, .localhost, .local, .onion, .arpa) are
            refused; the domain is lower-cased.
        phone (None | str | Unset): null clears it.
        status (CustomerSettableStatus | Unset):
        preferences (PreferencesIn | Unset):
        external_id (None | str | Unset): null clears it.
        metadata (CustomerUpdateMetadata | Unset): Merged key by key; a key set to `""` is removed.
        tags (list[str] | Unset): Replaces the set.
    """

    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: None | str | Unset = UNSET
    status: CustomerSettableStatus | Unset = UNSET
    preferences: PreferencesIn | Unset = UNSET
    external_id: None | str | Unset = UNSET
    metadata: CustomerUpdateMetadata | Unset = UNSET
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        preferences: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preferences, Unset):
            preferences = self.preferences.to_dict()

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if status is not UNSET:
            field_dict["status"] = status
        if preferences is not UNSET:
            field_dict["preferences"] = preferences
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_update_metadata import CustomerUpdateMetadata
        from ..models.preferences_in import PreferencesIn

        d = dict(src_dict)
        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        email = d.pop("email", UNSET)

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        _status = d.pop("status", UNSET)
        status: CustomerSettableStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CustomerSettableStatus(_status)

        _preferences = d.pop("preferences", UNSET)
        preferences: PreferencesIn | Unset
        if isinstance(_preferences, Unset):
            preferences = UNSET
        else:
            preferences = PreferencesIn.from_dict(_preferences)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: CustomerUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CustomerUpdateMetadata.from_dict(_metadata)

        tags = cast(list[str], d.pop("tags", UNSET))

        customer_update = cls(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            status=status,
            preferences=preferences,
            external_id=external_id,
            metadata=metadata,
            tags=tags,
        )

        return customer_update
