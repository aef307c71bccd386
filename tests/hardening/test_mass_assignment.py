"""Every create and update schema refuses read-only and unknown fields: 400 naming the field.

The operations and their schemas come from the OpenAPI document, so new endpoints are covered
when they are merged; an operation promised (openapi_world.EXPECTED_OPERATIONS) but missing fails.
"""

from typing import Any

import httpx
import pytest

from tests.factories import Tenant
from tests.hardening.openapi_world import (
    EXPECTED_OPERATIONS,
    WRITE_METHODS,
    body_for,
    document,
    fill_path,
    find,
    make_world,
    normalise,
    operations,
)

DOC = document()


def _shown(label: str) -> str:
    method, path = label.split(" ", 1)
    return f"{method.upper()} {path}"


# Fields a client may never set, wherever the schema does not declare them writable.
READ_ONLY = [
    "id", "object", "account_id", "mode", "created_at", "updated_at", "status", "stats",
    "addresses", "invitation", "total_bookings", "total_spent", "last_booking_at",
    "active_subscription", "active_subscriptions", "amount_paid", "issued_at", "paid_at",
    "voided_at", "completed_at", "cancelled_at", "paused_at", "zone_id", "search_text",
    "email_key", "invitation_status", "invitation_sent_at", "secret_hash",
]  # fmt: skip
UNKNOWN = "hardening_unknown_field"
NESTED = ["id", "created_at", "is_deleted", UNKNOWN]


def _labels() -> list[str]:
    found = {
        f"{op.method} {normalise(op.path)}"
        for op in operations(DOC)
        if op.method in WRITE_METHODS and op.body_schema(DOC) is not None
    }
    promised = {f"{m} {p}" for m, p in EXPECTED_OPERATIONS if m in WRITE_METHODS}
    present = {f"{op.method} {normalise(op.path)}" for op in operations(DOC)}
    return sorted(found | (promised - present))


def _refused(response: httpx.Response, param: str) -> bool:
    if response.status_code != 400:
        return False
    error: dict[str, Any] = response.json()["error"]
    return error["param"] == param and error["type"] == "invalid_request_error"


@pytest.mark.parametrize("label", _labels())
async def test_read_only_and_unknown_fields_are_refused(
    label: str, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    op = find(DOC, label)
    if op is None:
        pytest.fail(f"{_shown(label)} is promised but missing from the OpenAPI document")
    schema = op.body_schema(DOC)
    assert schema is not None
    world = await make_world(client, DOC, tenant.headers)
    base = body_for(DOC, op, world)
    assert isinstance(base, dict), f"{op.label}: request body is not an object"
    url = fill_path(op, world)
    writable = set(schema.get("properties", {}))
    attempts = [(field, {**base, field: "x"}) for field in READ_ONLY if field not in writable]
    attempts.append((UNKNOWN, {**base, UNKNOWN: "x"}))
    for name, value in base.items():
        if isinstance(value, dict):
            attempts += [
                (f"{name}.{field}", {**base, name: {**value, field: "x"}}) for field in NESTED
            ]
    failures = []
    for param, body in attempts:
        response = await client.request(op.method, url, json=body, headers=tenant.headers)
        if not _refused(response, param):
            failures.append(f"{param}: {response.status_code} {response.text[:200]}")
    assert not failures, f"{op.label} accepted or misreported:\n" + "\n".join(failures)
