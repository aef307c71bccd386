"""POST, PATCH, DELETE /v1/customers/:id/addresses: fields, the one default, zones."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from otesse.models import Booking
from tests.factories import (
    HOME,
    SEED_ADDRESS,
    Tenant,
    add_address,
    assert_error,
    create_customer,
    make_zone,
)


async def addresses_of(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str
) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    addresses: list[dict[str, Any]] = response.json()["addresses"]
    return addresses


def defaults(addresses: list[dict[str, Any]]) -> list[str]:
    return [address["id"] for address in addresses if address["is_default"]]


async def test_seed_add_address_example(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    response = await client.post(
        f"/v1/customers/{customer['id']}/addresses", json=SEED_ADDRESS, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    address = response.json()
    assert list(address) == [
        "id",
        "label",
        "street",
        "city",
        "state",
        "zip",
        "access_notes",
        "is_default",
        "zone_id",
        "created_at",
        "updated_at",
    ]
    assert {key: address[key] for key in SEED_ADDRESS} == SEED_ADDRESS
    assert address["zone_id"] is None
    listed = await addresses_of(client, tenant, customer["id"])
    assert [a["id"] for a in listed] == [customer["addresses"][0]["id"], address["id"]]
    assert listed[1] == address


async def test_first_address_is_default(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    first = await add_address(client, tenant, customer["id"], is_default=False)
    assert first["is_default"] is True


async def test_new_default_clears_the_others(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    second = await add_address(client, tenant, customer["id"], label="Office", is_default=True)
    listed = await addresses_of(client, tenant, customer["id"])
    assert defaults(listed) == [second["id"]]
    assert listed[0]["id"] == second["id"]  # the default comes first


async def test_zone_is_set_from_zip(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone_id = await make_zone(database, tenant, "97401")
    customer = await create_customer(client, tenant)
    address = await add_address(client, tenant, customer["id"], zip="97401-2222")
    assert address["zone_id"] == zone_id
    path = f"/v1/customers/{customer['id']}/addresses/{address['id']}"
    moved = await client.patch(path, json={"zip": "97477"}, headers=tenant.headers)
    assert moved.json()["zone_id"] is None


async def test_patch_address(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    address = customer["addresses"][0]
    path = f"/v1/customers/{customer['id']}/addresses/{address['id']}"
    body = {"label": None, "street": "1 New St", "state": "wa", "access_notes": "Gate code 1234"}
    response = await client.patch(path, json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["label"] is None
    assert updated["street"] == "1 New St"
    assert updated["state"] == "WA"
    assert updated["access_notes"] == "Gate code 1234"
    assert updated["city"] == "Eugene"
    assert updated["created_at"] == address["created_at"]
    assert (await addresses_of(client, tenant, customer["id"])) == [updated]


async def test_patch_makes_default_and_refuses_undefault(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    home = customer["addresses"][0]
    office = await add_address(client, tenant, customer["id"], label="Office")
    base = f"/v1/customers/{customer['id']}/addresses"
    response = await client.patch(
        f"{base}/{office['id']}", json={"is_default": True}, headers=tenant.headers
    )
    assert response.json()["is_default"] is True
    assert defaults(await addresses_of(client, tenant, customer["id"])) == [office["id"]]
    refused = await client.patch(
        f"{base}/{office['id']}", json={"is_default": False}, headers=tenant.headers
    )
    assert_error(refused, 409, "default_address_required", "is_default")
    # false on an address that is not the default is a no-op.
    fine = await client.patch(
        f"{base}/{home['id']}", json={"is_default": False}, headers=tenant.headers
    )
    assert fine.status_code == 200
    assert defaults(await addresses_of(client, tenant, customer["id"])) == [office["id"]]


async def test_delete_default_promotes_oldest(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    home = customer["addresses"][0]
    office = await add_address(client, tenant, customer["id"], label="Office")
    cabin = await add_address(client, tenant, customer["id"], label="Cabin", is_default=True)
    base = f"/v1/customers/{customer['id']}/addresses"
    response = await client.delete(f"{base}/{cabin['id']}", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json() == {"id": cabin["id"], "deleted": True}
    listed = await addresses_of(client, tenant, customer["id"])
    assert [a["id"] for a in listed] == [home["id"], office["id"]]
    assert defaults(listed) == [home["id"]]
    await client.delete(f"{base}/{office['id']}", headers=tenant.headers)
    await client.delete(f"{base}/{home['id']}", headers=tenant.headers)
    assert await addresses_of(client, tenant, customer["id"]) == []
    again = await client.delete(f"{base}/{home['id']}", headers=tenant.headers)
    assert_error(again, 404, "resource_missing", "address_id")


async def test_address_in_use_cannot_be_deleted(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    address = customer["addresses"][0]
    async with database.transaction() as session:
        session.add(
            Booking(
                id="bkg_1",
                account_id=tenant.account_id,
                mode=tenant.mode,
                customer_id=customer["id"],
                address_id=address["id"],
                service="standard",
                scheduled_at=datetime(2030, 1, 1, tzinfo=UTC),
                duration_minutes=60,
                price=1,
            )
        )
    path = f"/v1/customers/{customer['id']}/addresses/{address['id']}"
    assert_error(await client.delete(path, headers=tenant.headers), 409, "address_in_use")
    assert len(await addresses_of(client, tenant, customer["id"])) == 1


async def test_unknown_customer_or_address_is_404(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.post(
        "/v1/customers/cust_nope/addresses", json=HOME, headers=tenant.headers
    )
    assert_error(response, 404, "resource_missing")
    customer = await create_customer(client, tenant, address=HOME)
    other = await create_customer(client, tenant, email="o@example.com", address=HOME)
    # An address of another customer is not found under this one.
    path = f"/v1/customers/{customer['id']}/addresses/{other['addresses'][0]['id']}"
    assert_error(
        await client.patch(path, json={"label": "X"}, headers=tenant.headers),
        404,
        "resource_missing",
    )
    assert_error(await client.delete(path, headers=tenant.headers), 404, "resource_missing")


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"state": "ZZ"}, "state"),
        ({"state": "Oregon"}, "state"),
        ({"zip": "9740"}, "zip"),
        ({"zip": "97401-12"}, "zip"),
        ({"zip": "abcde"}, "zip"),
        ({"street": ""}, "street"),
        ({"city": "x" * 101}, "city"),
        ({"label": "x" * 101}, "label"),
        ({"access_notes": "x" * 2001}, "access_notes"),
        ({"is_default": "perhaps"}, "is_default"),
        ({"zone_id": "zone_x"}, "zone_id"),
        ({"id": "addr_x"}, "id"),
    ],
)
async def test_validation(
    client: httpx.AsyncClient, tenant: Tenant, change: dict[str, Any], param: str
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    base = f"/v1/customers/{customer['id']}/addresses"
    created = await client.post(base, json={**HOME, **change}, headers=tenant.headers)
    assert_error(created, 400, "parameter_invalid", param)
    path = f"{base}/{customer['addresses'][0]['id']}"
    patched = await client.patch(path, json=change, headers=tenant.headers)
    assert_error(patched, 400, "parameter_invalid", param)


@pytest.mark.parametrize("field", ["street", "city", "state", "zip", "is_default"])
async def test_patch_refuses_null(client: httpx.AsyncClient, tenant: Tenant, field: str) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    path = f"/v1/customers/{customer['id']}/addresses/{customer['addresses'][0]['id']}"
    response = await client.patch(path, json={field: None}, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", field)


@pytest.mark.parametrize("field", ["street", "city", "state", "zip"])
async def test_create_requires(client: httpx.AsyncClient, tenant: Tenant, field: str) -> None:
    customer = await create_customer(client, tenant)
    body = {key: value for key, value in HOME.items() if key != field}
    response = await client.post(
        f"/v1/customers/{customer['id']}/addresses", json=body, headers=tenant.headers
    )
    assert_error(response, 400, "parameter_missing", field)


async def test_deactivated_customer_takes_no_address_change(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    await client.delete(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    base = f"/v1/customers/{customer['id']}/addresses"
    assert_error(
        await client.post(base, json=HOME, headers=tenant.headers), 409, "customer_deactivated"
    )
    path = f"{base}/{customer['addresses'][0]['id']}"
    assert_error(
        await client.patch(path, json={"label": "X"}, headers=tenant.headers),
        409,
        "customer_deactivated",
    )


async def test_a_customers_addresses_are_listed_and_read_on_their_own(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, send_invitation=False)
    first = await add_address(client, tenant, customer["id"], label="Home")
    second = await add_address(client, tenant, customer["id"], label="Office", is_default=True)
    path = f"/v1/customers/{customer['id']}/addresses"

    listed = await client.get(path, params={"per_page": 1}, headers=tenant.headers)
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()["data"]] == [second["id"]]  # the default first
    assert listed.json()["pagination"] == {"page": 1, "per_page": 1, "total": 2, "total_pages": 2}
    assert 'rel="next"' in listed.headers["Link"]
    page_two = await client.get(path, params={"page": 2, "per_page": 1}, headers=tenant.headers)
    assert [a["id"] for a in page_two.json()["data"]] == [first["id"]]

    one = await client.get(f"{path}/{first['id']}", headers=tenant.headers)
    assert one.status_code == 200 and one.json()["label"] == "Home"
    assert one.json()["is_default"] is False


async def test_another_customers_address_is_a_404(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    a = await create_customer(client, tenant, send_invitation=False)
    b = await create_customer(client, tenant, email="b@example.com", send_invitation=False)
    address = await add_address(client, tenant, b["id"])
    response = await client.get(
        f"/v1/customers/{a['id']}/addresses/{address['id']}", headers=tenant.headers
    )
    assert_error(response, 404, "resource_missing", "address_id")
    missing = await client.get("/v1/customers/cust_nope/addresses", headers=tenant.headers)
    assert missing.status_code == 404
