"""POST /v1/customers: the seed's body, validation, normalisation and email uniqueness."""

import re
from typing import Any

import httpx
import pytest

from tests.factories import HOME, SEED_CREATE, Tenant, assert_error, create_customer

ID = re.compile(r"^cust_[0-9A-HJKMNP-TV-Z]{26}$")
ADDRESS_ID = re.compile(r"^addr_[0-9A-HJKMNP-TV-Z]{26}$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


async def test_seed_create_example(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await client.post("/v1/customers", json=SEED_CREATE, headers=tenant.headers)
    assert response.status_code == 201, response.text
    customer: dict[str, Any] = response.json()
    assert list(customer) == [
        "id", "first_name", "last_name", "email", "phone", "status", "addresses",
        "preferences", "stats", "invitation", "external_id", "metadata", "tags",
        "merged_into", "created_at", "updated_at", "erased_at",
    ]  # fmt: skip
    assert ID.match(customer["id"])
    assert customer["first_name"] == "Jane"
    assert customer["last_name"] == "Doe"
    assert customer["email"] == "jane@example.com"
    assert customer["phone"] == "+15559876543"
    assert customer["status"] == "active"
    assert customer["preferences"] == {
        "preferred_contact": "email",
        "marketing_opt_in": False,
        "marketing_consent": {"email": False, "sms": False, "phone": False},
    }
    assert customer["stats"] == {
        "total_bookings": 0,
        "total_spent": 0,
        "last_booking_at": None,
        "active_subscription": False,
    }
    assert customer["invitation"] == {"status": "pending", "sent_at": None, "accepted_at": None}
    assert TIME.match(customer["created_at"])
    assert customer["updated_at"] == customer["created_at"]
    [address] = customer["addresses"]
    assert ADDRESS_ID.match(address["id"])
    assert {key: address[key] for key in SEED_CREATE["address"]} == SEED_CREATE["address"]
    assert address["is_default"] is True
    assert address["access_notes"] is None
    assert address["zone_id"] is None
    assert TIME.match(address["created_at"]) and TIME.match(address["updated_at"])

    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert fetched.json() == customer


async def test_minimal_create_and_no_invitation(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, send_invitation=False)
    assert customer["phone"] is None
    assert customer["addresses"] == []
    assert customer["invitation"] is None


async def test_preferences_may_be_set_on_create(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, preferences={"preferred_contact": "sms"})
    assert customer["preferences"] == {
        "preferred_contact": "sms",
        "marketing_opt_in": False,
        "marketing_consent": {"email": False, "sms": False, "phone": False},
    }


async def test_email_and_phone_are_normalised(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(
        client, tenant, email="  Jane.Doe@EXAMPLE.Com ", phone="(555) 987-6543"
    )
    assert customer["email"] == "Jane.Doe@example.com"
    assert customer["phone"] == "+15559876543"


async def test_email_taken_case_insensitively(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_customer(client, tenant, email="jane@example.com")
    body = {"first_name": "J", "last_name": "D", "email": "JANE@example.com"}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 409, "email_taken", "email")


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": None}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"phone": "12"}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "555-1234"}, "phone"),
        ({"first_name": "a\x00b"}, "first_name"),
        ({"email": "a\x00b@example.com"}, "email"),
        ({"phone": "555\x00"}, "phone"),
        ({"phone": "+1 555 123 4567 ext 5"}, "phone"),
        ({"phone": "+1555123456789"}, "phone"),
        ({"send_invitation": "sometimes"}, "send_invitation"),
        ({"preferences": {"preferred_contact": "pigeon"}}, "preferences.preferred_contact"),
        (
            {"address": {"street": "1 A St", "city": "X", "state": "ZZ", "zip": "97401"}},
            "address.state",
        ),
        (
            {"address": {"street": "1 A St", "city": "X", "state": "OR", "zip": "9740"}},
            "address.zip",
        ),
    ],
)
async def test_invalid_fields_are_400_naming_them(
    client: httpx.AsyncClient, tenant: Tenant, change: dict[str, Any], param: str
) -> None:
    body = {"first_name": "J", "last_name": "D", "email": "j@example.com", **change}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", param)


@pytest.mark.parametrize("field", ["first_name", "last_name", "email"])
async def test_required_fields(client: httpx.AsyncClient, tenant: Tenant, field: str) -> None:
    body = {"first_name": "J", "last_name": "D", "email": "j@example.com"}
    del body[field]
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_missing", field)


@pytest.mark.parametrize(
    "field", ["id", "status", "stats", "invitation", "addresses", "created_at", "updated_at"]
)
async def test_read_only_fields_are_400(
    client: httpx.AsyncClient, tenant: Tenant, field: str
) -> None:
    body = {"first_name": "J", "last_name": "D", "email": "j@example.com", field: "x"}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", field)
    assert "read-only" in response.json()["error"]["message"]


async def test_unknown_field_is_400(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = {"first_name": "J", "last_name": "D", "email": "j@example.com", "nickname": "JJ"}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_unknown", "nickname")


async def test_state_is_upper_cased_and_zip_plus_four_kept(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    address = {"street": "1 A St", "city": "Eugene", "state": "or", "zip": "97401-1234"}
    customer = await create_customer(client, tenant, address=address)
    assert customer["addresses"][0]["state"] == "OR"
    assert customer["addresses"][0]["zip"] == "97401-1234"


async def test_unauthenticated_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/customers", json=SEED_CREATE)
    assert response.status_code == 401


@pytest.mark.parametrize("send_invitation", [False, True])
async def test_the_created_customer_reads_back_identically(
    client: httpx.AsyncClient, tenant: Tenant, send_invitation: bool
) -> None:
    created = await create_customer(
        client, tenant, address=HOME, phone="+15551234567", send_invitation=send_invitation
    )

    response = await client.get(f"/v1/customers/{created['id']}", headers=tenant.headers)

    assert response.json() == created
