from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.import_format import ImportFormat
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ImportsCreateFilesBody")


@_attrs_define
class ImportsCreateFilesBody:
    """
    Attributes:
        file (File): The CSV.
        format_ (ImportFormat | Unset):
        dry_run (bool | Unset): Check every row, write nothing.
        send_invitations (bool | Unset): Email each new customer an invitation (default false).
    """

    file: File
    format_: ImportFormat | Unset = UNSET
    dry_run: bool | Unset = UNSET
    send_invitations: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        dry_run = self.dry_run

        send_invitations = self.send_invitations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if send_invitations is not UNSET:
            field_dict["send_invitations"] = send_invitations

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.format_, Unset):
            files.append(
                ("format", (None, str(self.format_.value).encode(), "text/plain"))
            )

        if not isinstance(self.dry_run, Unset):
            files.append(("dry_run", (None, str(self.dry_run).encode(), "text/plain")))

        if not isinstance(self.send_invitations, Unset):
            files.append(
                (
                    "send_invitations",
                    (None, str(self.send_invitations).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        _format_ = d.pop("format", UNSET)
        format_: ImportFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ImportFormat(_format_)

        dry_run = d.pop("dry_run", UNSET)

        send_invitations = d.pop("send_invitations", UNSET)

        imports_create_files_body = cls(
            file=file,
            format_=format_,
            dry_run=dry_run,
            send_invitations=send_invitations,
        )

        imports_create_files_body.additional_properties = d
        return imports_create_files_body

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
