"""Customer rows (Core mappings) to the JSON the API returns (CONTRACTS.md), without Pydantic
on the way out: the read paths are hot."""

from collections.abc import Mapping, Sequence
from typing import Any

from otesse.addresses.serialization import address_json
from otesse.core.json import timestamp


def customer_json(row: Mapping[Any, Any], addresses: Sequence[Mapping[Any, Any]]) -> dict[str, Any]:
    invitation = None
    if row["invitation_status"] is not None:
        invitation = {
            "status": row["invitation_status"],
            "sent_at": timestamp(row["invitation_sent_at"]),
        }
    return {
        "id": row["id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "phone": row["phone"],
        "status": row["status"],
        "addresses": [address_json(address) for address in addresses],
        "preferences": {
            "preferred_contact": row["preferred_contact"],
            "marketing_opt_in": row["marketing_opt_in"],
        },
        "stats": {
            "total_bookings": row["total_bookings"],
            "total_spent": row["total_spent"],
            "last_booking_at": timestamp(row["last_booking_at"]),
            "active_subscription": row["active_subscription"],
        },
        "invitation": invitation,
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }
