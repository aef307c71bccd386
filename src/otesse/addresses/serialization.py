"""Address rows (Core mappings) to the JSON the API returns."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any


def format_time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def address_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "label": row["label"],
        "street": row["street"],
        "city": row["city"],
        "state": row["state"],
        "zip": row["zip"],
        "access_notes": row["access_notes"],
        "is_default": row["is_default"],
        "zone_id": row["zone_id"],
        "created_at": format_time(row["created_at"]),
        "updated_at": format_time(row["updated_at"]),
    }
