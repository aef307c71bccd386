"""GET, PATCH and DELETE /v1/customers/:id: ETag and If-Match, merging, deactivation."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from otesse.core.db import Database
from otesse.models import Booking, Customer, Subscription
from tests.factories import HOME, Tenant, assert_error, create_customer

SEED_PATCH = {
    "phone": "+15551112222",
    "preferences": {"preferred_contact": "sms", "marketing_opt_in": False},
}


async def patch(
    client: httpx.AsyncClient,
    tenant: Tenant,
    customer_id: str,
    body: dict[str, Any],
    **headers: str,
) -> httpx.Response:
    return await client.patch(
        f"/v1/customers/{customer_id}", json=body, headers={**tenant.headers, **headers}
    )


async def test_get_has_strong_etag(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    response = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json() == customer
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    again = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert again.headers["etag"] == etag


async def test_unknown_id_is_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.get("/v1/customers/cust_nope", headers=tenant.headers)
    assert_error(response, 404, "resource_missing", "id")


async def test_seed_patch_example(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, phone="+15551234567")
    response = await patch(client, tenant, customer["id"], SEED_PATCH)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["phone"] == "+15551112222"
    assert updated["preferences"] == {
        "preferred_contact": "sms",
        "marketing_opt_in": False,
        "marketing_consent": {"email": False, "sms": False, "phone": False},
    }
    unchanged = ("id", "first_name", "last_name", "email", "status", "addresses", "created_at")
    assert {key: updated[key] for key in unchanged} == {key: customer[key] for key in unchanged}
    assert list(updated) == list(customer)
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert fetched.json() == updated
    assert fetched.headers["etag"] == response.headers["etag"]


async def test_preferences_merge_field_by_field(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    await patch(client, tenant, customer["id"], {"preferences": {"marketing_opt_in": True}})
    response = await patch(
        client, tenant, customer["id"], {"preferences": {"preferred_contact": "phone"}}
    )
    assert response.json()["preferences"] == {
        "preferred_contact": "phone",
        "marketing_opt_in": True,
        # The PATCH of marketing_opt_in recorded an email-marketing consent (the ledger's).
        "marketing_consent": {"email": True, "sms": False, "phone": False},
    }


async def test_patch_names_email_and_clearing_phone(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, phone="+15551234567")
    body = {"first_name": "Jon", "last_name": "Smyth", "email": "JON@Example.com", "phone": None}
    updated = (await patch(client, tenant, customer["id"], body)).json()
    assert (updated["first_name"], updated["last_name"]) == ("Jon", "Smyth")
    assert updated["email"] == "JON@example.com"
    assert updated["phone"] is None
    # The search text follows the change.
    found = await client.get("/v1/customers", params={"search": "smyth"}, headers=tenant.headers)
    assert [c["id"] for c in found.json()["data"]] == [customer["id"]]
    gone = await client.get("/v1/customers", params={"search": "555"}, headers=tenant.headers)
    assert gone.json()["data"] == []


async def test_patch_email_taken(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_customer(client, tenant, email="taken@example.com")
    customer = await create_customer(client, tenant, email="free@example.com")
    response = await patch(client, tenant, customer["id"], {"email": "Taken@example.com"})
    assert_error(response, 409, "email_taken", "email")
    # The request's failure left the customer as it was.
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert fetched.json()["email"] == "free@example.com"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"status": "deactivated"}, "status"),
        ({"status": "paused"}, "status"),
        ({"status": None}, "status"),
        ({"first_name": None}, "first_name"),
        ({"email": None}, "email"),
        ({"email": "nope"}, "email"),
        ({"phone": "1"}, "phone"),
        ({"preferences": None}, "preferences"),
        ({"preferences": {"marketing_opt_in": None}}, "preferences.marketing_opt_in"),
        ({"id": "cust_x"}, "id"),
        ({"stats": {}}, "stats"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ],
)
async def test_patch_validation(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any], param: str
) -> None:
    customer = await create_customer(client, tenant)
    response = await patch(client, tenant, customer["id"], body)
    assert_error(response, 400, "parameter_invalid", param)


async def test_patch_unknown_field(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    response = await patch(client, tenant, customer["id"], {"nickname": "JJ"})
    assert_error(response, 400, "parameter_unknown", "nickname")


async def test_if_match(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    path = f"/v1/customers/{customer['id']}"
    etag = (await client.get(path, headers=tenant.headers)).headers["etag"]
    ok = await patch(client, tenant, customer["id"], {"first_name": "A"}, **{"If-Match": etag})
    assert ok.status_code == 200
    stale = await patch(client, tenant, customer["id"], {"first_name": "B"}, **{"If-Match": etag})
    assert_error(stale, 412, "precondition_failed", "If-Match")
    assert (await client.get(path, headers=tenant.headers)).json()["first_name"] == "A"
    weak = await patch(
        client,
        tenant,
        customer["id"],
        {"first_name": "C"},
        **{"If-Match": f"W/{ok.headers['etag']}"},
    )
    assert weak.status_code == 412
    listed = f'"other", {ok.headers["etag"]}'
    assert (
        await patch(client, tenant, customer["id"], {"first_name": "D"}, **{"If-Match": listed})
    ).status_code == 200
    assert (
        await patch(client, tenant, customer["id"], {"first_name": "E"}, **{"If-Match": "*"})
    ).status_code == 200
    delete = await client.delete(path, headers={**tenant.headers, "If-Match": etag})
    assert delete.status_code == 412


async def test_status_inactive_and_back(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    assert (await patch(client, tenant, customer["id"], {"status": "inactive"})).json()[
        "status"
    ] == "inactive"
    assert (await patch(client, tenant, customer["id"], {"status": "active"})).json()[
        "status"
    ] == "active"


async def _booking_and_subscription(
    database: Database, tenant: Tenant, customer: dict[str, Any]
) -> None:
    address_id = customer["addresses"][0]["id"]
    now = datetime.now(UTC)
    common = {
        "account_id": tenant.account_id,
        "mode": tenant.mode,
        "customer_id": customer["id"],
        "address_id": address_id,
    }
    async with database.transaction() as session:
        session.add(
            Subscription(
                id="sub_1",
                status="active",
                frequency="weekly",
                service="standard",
                price=15000,
                start_date=now.date(),
                **common,
            )
        )
        await session.flush()
        booking = {"service": "standard", "duration_minutes": 120, "price": 15000, **common}
        session.add(
            Booking(
                id="bkg_future", status="scheduled", scheduled_at=now + timedelta(days=3), **booking
            )
        )
        session.add(
            Booking(
                id="bkg_past", status="completed", scheduled_at=now - timedelta(days=3), **booking
            )
        )
        await session.flush()
        row = await session.get(Customer, customer["id"])
        assert row is not None
        row.active_subscriptions, row.active_subscription = 1, True


async def test_delete_deactivates_and_cancels(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    await _booking_and_subscription(database, tenant, customer)
    response = await client.delete(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    deactivated = response.json()
    assert deactivated["status"] == "deactivated"
    assert deactivated["stats"]["active_subscription"] is False
    assert deactivated["addresses"] == customer["addresses"]
    async with database.transaction() as session:
        statuses = dict((await session.execute(select(Booking.id, Booking.status))).all())
        subscription = await session.scalar(select(Subscription.status))
    assert statuses == {"bkg_future": "cancelled", "bkg_past": "completed"}
    assert subscription == "cancelled"
    # Kept, and visible; DELETE again answers the same record.
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert fetched.json() == deactivated
    again = await client.delete(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert again.json() == deactivated
    # It takes no new address, and it can be set active again.
    address = await client.post(
        f"/v1/customers/{customer['id']}/addresses", json=HOME, headers=tenant.headers
    )
    assert_error(address, 409, "customer_deactivated")
    active = await patch(client, tenant, customer["id"], {"status": "active"})
    assert active.json()["status"] == "active"


async def test_delete_unknown_is_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.delete("/v1/customers/cust_nope", headers=tenant.headers)
    assert_error(response, 404, "resource_missing")
    response = await patch(client, tenant, "cust_nope", {"first_name": "X"})
    assert_error(response, 404, "resource_missing")


async def test_empty_patch_changes_nothing(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant)
    async with database.transaction() as session:
        row = await session.get(Customer, customer["id"])
        assert row is not None
        row.updated_at = datetime(2025, 6, 15, 9, tzinfo=UTC)
    response = await patch(client, tenant, customer["id"], {})
    assert response.json()["updated_at"] == "2025-06-15T09:00:00Z"


async def test_delete_with_current_etag(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    path = f"/v1/customers/{customer['id']}"
    etag = (await client.get(path, headers=tenant.headers)).headers["etag"]
    response = await client.delete(path, headers={**tenant.headers, "If-Match": etag})
    assert response.status_code == 200
    assert response.json()["status"] == "deactivated"
    # Its addresses may still be removed (personal data), not changed.
    address_path = f"{path}/addresses/{customer['addresses'][0]['id']}"
    assert (await client.delete(address_path, headers=tenant.headers)).status_code == 200


async def test_openapi_documents_the_endpoints(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/v1/openapi.json")).json()
    paths = spec["paths"]
    assert set(paths["/v1/customers"]) == {"get", "post"}
    assert set(paths["/v1/customers/{customer_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/v1/customers/{customer_id}/addresses"]) == {"get", "post"}
    assert set(paths["/v1/customers/{customer_id}/addresses/{address_id}"]) == {
        "get",
        "patch",
        "delete",
    }
    create = paths["/v1/customers"]["post"]
    assert "Idempotency-Key" in [parameter["name"] for parameter in create["parameters"]]
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CustomerRead"
    }
    assert "id" not in spec["components"]["schemas"]["CustomerCreate"]["properties"]
