from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_create import AddressCreate
    from ..models.customer_create_metadata_type_0 import CustomerCreateMetadataType0
    from ..models.preferences_in import PreferencesIn


T = TypeVar("T", bound="CustomerCreate")


@_attrs_define
class CustomerCreate:
    """
    Attributes:
        first_name (str):
        last_name (str):
        email (str): At most 64 characters before the @-sign, and those ASCII (an internationalised domain is fine: mail
            goes to its IDNA form); special-use domains (.test, .invalid, .localhost, .local, .onion, .arpa) are refused;
            the domain is lower-cased.
        phone (None | str | Unset):
        address (AddressCreate | None | Unset): A first address; it becomes the default.
        preferences (None | PreferencesIn | Unset): Defaults: preferred_contact email, marketing_opt_in false.
        send_invitation (bool | Unset): Email the customer an invitation (false for imports). Default: True.
        external_id (None | str | Unset): Your own id for this customer; unique in the account.
        metadata (CustomerCreateMetadataType0 | None | Unset):
        tags (list[str] | None | Unset):
    """

    first_name: str
    last_name: str
    email: str
    phone: None | str | Unset = UNSET
    address: AddressCreate | None | Unset = UNSET
    preferences: None | PreferencesIn | Unset = UNSET
    send_invitation: bool | Unset = True
    external_id: None | str | Unset = UNSET
    metadata: CustomerCreateMetadataType0 | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_create import AddressCreate
        from ..models.customer_create_metadata_type_0 import CustomerCreateMetadataType0
        from ..models.preferences_in import PreferencesIn

        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, AddressCreate):
            address = self.address.to_dict()
        else:
            address = self.address

        preferences: dict[str, Any] | None | Unset
        if isinstance(self.preferences, Unset):
            preferences = UNSET
        elif isinstance(self.preferences, PreferencesIn):
            preferences = self.preferences.to_dict()
        else:
            preferences = self.preferences

        send_invitation = self.send_invitation

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CustomerCreateMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
            }
        )
        if phone is not UNSET:
            field_dict["phone"] = phone
        if address is not UNSET:
            field_dict["address"] = address
        if preferences is not UNSET:
            field_dict["preferences"] = preferences
        if send_invitation is not UNSET:
            field_dict["send_invitation"] = send_invitation
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address_create import AddressCreate
        from ..models.customer_create_metadata_type_0 import CustomerCreateMetadataType0
        from ..models.preferences_in import PreferencesIn

        d = dict(src_dict)
        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        email = d.pop("email")

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_address(data: object) -> AddressCreate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = AddressCreate.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressCreate | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_preferences(data: object) -> None | PreferencesIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                preferences_type_0 = PreferencesIn.from_dict(data)

                return preferences_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreferencesIn | Unset, data)

        preferences = _parse_preferences(d.pop("preferences", UNSET))

        send_invitation = d.pop("send_invitation", UNSET)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_metadata(data: object) -> CustomerCreateMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CustomerCreateMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerCreateMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        customer_create = cls(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            address=address,
            preferences=preferences,
            send_invitation=send_invitation,
            external_id=external_id,
            metadata=metadata,
            tags=tags,
        )

        return customer_create
