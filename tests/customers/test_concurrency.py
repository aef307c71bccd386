"""Races the database must settle: one email, one default address."""

import asyncio
from collections import Counter

import httpx

from tests.factories import HOME, Tenant, create_customer


async def test_concurrent_creates_with_one_email(client: httpx.AsyncClient, tenant: Tenant) -> None:
    bodies = [
        {
            "first_name": f"J{n}",
            "last_name": "D",
            "email": f"{'JANE' if n % 2 else 'jane'}@example.com",
        }
        for n in range(10)
    ]
    responses = await asyncio.gather(
        *[client.post("/v1/customers", json=body, headers=tenant.headers) for body in bodies]
    )
    assert Counter(response.status_code for response in responses) == {201: 1, 409: 9}
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "email_taken"
    listed = await client.get("/v1/customers", headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 1


async def test_concurrent_default_addresses(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    path = f"/v1/customers/{customer['id']}/addresses"
    responses = await asyncio.gather(
        *[
            client.post(
                path, json={**HOME, "label": f"L{n}", "is_default": True}, headers=tenant.headers
            )
            for n in range(10)
        ]
    )
    assert [response.status_code for response in responses] == [201] * 10
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    addresses = fetched.json()["addresses"]
    assert len(addresses) == 11
    assert sum(address["is_default"] for address in addresses) == 1


async def test_concurrent_first_addresses(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant)
    path = f"/v1/customers/{customer['id']}/addresses"
    responses = await asyncio.gather(
        *[client.post(path, json=HOME, headers=tenant.headers) for _ in range(10)]
    )
    assert [response.status_code for response in responses] == [201] * 10
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert sum(address["is_default"] for address in fetched.json()["addresses"]) == 1


async def test_concurrent_default_deletes_leave_one_default(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    for n in range(5):
        await client.post(
            f"/v1/customers/{customer['id']}/addresses",
            json={**HOME, "label": f"L{n}"},
            headers=tenant.headers,
        )
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    ids = [address["id"] for address in fetched.json()["addresses"]]
    base = f"/v1/customers/{customer['id']}/addresses"
    await asyncio.gather(
        *[
            client.patch(f"{base}/{address_id}", json={"is_default": True}, headers=tenant.headers)
            for address_id in ids
        ],
        client.delete(f"{base}/{ids[0]}", headers=tenant.headers),
    )
    fetched = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    addresses = fetched.json()["addresses"]
    assert sum(address["is_default"] for address in addresses) == 1
