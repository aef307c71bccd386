from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat
from ..models.import_status import ImportStatus

if TYPE_CHECKING:
    from ..models.import_file_error import ImportFileError


T = TypeVar("T", bound="ImportRead")


@_attrs_define
class ImportRead:
    """
    Attributes:
        id (str):
        status (ImportStatus):
        format_ (ImportFormat):
        dry_run (bool):
        rows (int | None): Data rows in the file; null until a worker read it.
        processed (int):
        created (int):
        updated (int):
        skipped (int): Rows matching a customer they would not change.
        failed (int): Rows rejected: GET /v1/imports/{id}/errors says why.
        error (ImportFileError | None): Why the whole file was refused.
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
    """

    id: str
    status: ImportStatus
    format_: ImportFormat
    dry_run: bool
    rows: int | None
    processed: int
    created: int
    updated: int
    skipped: int
    failed: int
    error: ImportFileError | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.import_file_error import ImportFileError

        id = self.id

        status = self.status.value

        format_ = self.format_.value

        dry_run = self.dry_run

        rows: int | None
        rows = self.rows

        processed = self.processed

        created = self.created

        updated = self.updated

        skipped = self.skipped

        failed = self.failed

        error: dict[str, Any] | None
        if isinstance(self.error, ImportFileError):
            error = self.error.to_dict()
        else:
            error = self.error

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "format": format_,
                "dry_run": dry_run,
                "rows": rows,
                "processed": processed,
                "created": created,
                "updated": updated,
                "skipped": skipped,
                "failed": failed,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.import_file_error import ImportFileError

        d = dict(src_dict)
        id = d.pop("id")

        status = ImportStatus(d.pop("status"))

        format_ = ImportFormat(d.pop("format"))

        dry_run = d.pop("dry_run")

        def _parse_rows(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows = _parse_rows(d.pop("rows"))

        processed = d.pop("processed")

        created = d.pop("created")

        updated = d.pop("updated")

        skipped = d.pop("skipped")

        failed = d.pop("failed")

        def _parse_error(data: object) -> ImportFileError | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = ImportFileError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportFileError | None, data)

        error = _parse_error(d.pop("error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        import_read = cls(
            id=id,
            status=status,
            format_=format_,
            dry_run=dry_run,
            rows=rows,
            processed=processed,
            created=created,
            updated=updated,
            skipped=skipped,
            failed=failed,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
        )

        import_read.additional_properties = d
        return import_read

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
