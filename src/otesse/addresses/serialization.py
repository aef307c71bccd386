"""Address rows (Core mappings) to the JSON the API returns."""

from collections.abc import Mapping
from typing import Any

from otesse.core.json import timestamp


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
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }
