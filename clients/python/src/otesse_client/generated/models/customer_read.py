from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_status import CustomerStatus

if TYPE_CHECKING:
    from ..models.address_read import AddressRead
    from ..models.customer_read_metadata import CustomerReadMetadata
    from ..models.invitation import Invitation
    from ..models.preferences import Preferences
    from ..models.stats import Stats


T = TypeVar("T", bound="CustomerRead")


@_attrs_define
class CustomerRead:
    """
    Attributes:
        id (str):
        first_name (str):
        last_name (str):
        email (str):
        phone (None | str):
        status (CustomerStatus):
        addresses (list[AddressRead]): The default first, then oldest first.
        preferences (Preferences):
        stats (Stats):
        invitation (Invitation | None):
        external_id (None | str):
        metadata (CustomerReadMetadata):
        tags (list[str]):
        merged_into (None | str): The customer this one was merged into (status `merged`).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        erased_at (datetime.datetime | None): When the person's data was erased on request (status `erased`).
    """

    id: str
    first_name: str
    last_name: str
    email: str
    phone: None | str
    status: CustomerStatus
    addresses: list[AddressRead]
    preferences: Preferences
    stats: Stats
    invitation: Invitation | None
    external_id: None | str
    metadata: CustomerReadMetadata
    tags: list[str]
    merged_into: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    erased_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.invitation import Invitation

        id = self.id

        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        phone: None | str
        phone = self.phone

        status = self.status.value

        addresses = []
        for addresses_item_data in self.addresses:
            addresses_item = addresses_item_data.to_dict()
            addresses.append(addresses_item)

        preferences = self.preferences.to_dict()

        stats = self.stats.to_dict()

        invitation: dict[str, Any] | None
        if isinstance(self.invitation, Invitation):
            invitation = self.invitation.to_dict()
        else:
            invitation = self.invitation

        external_id: None | str
        external_id = self.external_id

        metadata = self.metadata.to_dict()

        tags = self.tags

        merged_into: None | str
        merged_into = self.merged_into

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        erased_at: None | str
        if isinstance(self.erased_at, datetime.datetime):
            erased_at = self.erased_at.isoformat()
        else:
            erased_at = self.erased_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "phone": phone,
                "status": status,
                "addresses": addresses,
                "preferences": preferences,
                "stats": stats,
                "invitation": invitation,
                "external_id": external_id,
                "metadata": metadata,
                "tags": tags,
                "merged_into": merged_into,
                "created_at": created_at,
                "updated_at": updated_at,
                "erased_at": erased_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address_read import AddressRead
        from ..models.customer_read_metadata import CustomerReadMetadata
        from ..models.invitation import Invitation
        from ..models.preferences import Preferences
        from ..models.stats import Stats

        d = dict(src_dict)
        id = d.pop("id")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        email = d.pop("email")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        status = CustomerStatus(d.pop("status"))

        addresses = []
        _addresses = d.pop("addresses")
        for addresses_item_data in _addresses:
            addresses_item = AddressRead.from_dict(addresses_item_data)

            addresses.append(addresses_item)

        preferences = Preferences.from_dict(d.pop("preferences"))

        stats = Stats.from_dict(d.pop("stats"))

        def _parse_invitation(data: object) -> Invitation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                invitation_type_0 = Invitation.from_dict(data)

                return invitation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Invitation | None, data)

        invitation = _parse_invitation(d.pop("invitation"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        metadata = CustomerReadMetadata.from_dict(d.pop("metadata"))

        tags = cast(list[str], d.pop("tags"))

        def _parse_merged_into(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merged_into = _parse_merged_into(d.pop("merged_into"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_erased_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                erased_at_type_0 = datetime.datetime.fromisoformat(data)

                return erased_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        erased_at = _parse_erased_at(d.pop("erased_at"))

        customer_read = cls(
            id=id,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            status=status,
            addresses=addresses,
            preferences=preferences,
            stats=stats,
            invitation=invitation,
            external_id=external_id,
            metadata=metadata,
            tags=tags,
            merged_into=merged_into,
            created_at=created_at,
            updated_at=updated_at,
            erased_at=erased_at,
        )

        customer_read.additional_properties = d
        return customer_read

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
