"""Zones: ZIP codes held by at most one zone, and addresses that follow the zone of their ZIP."""

import asyncio

import httpx
import pytest

from otesse.core.db import Database
from otesse.zones.repository import zone_id_for_zip
from tests.factories import Tenant, address_zone, intruders, make_address, make_customer


async def create_zone(
    client: httpx.AsyncClient, tenant: Tenant, name: str, zips: list[str]
) -> httpx.Response:
    return await client.post(
        "/v1/zones", json={"name": name, "zip_codes": zips}, headers=tenant.headers
    )


async def test_create_get_and_list_zones(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await create_zone(client, tenant, "Eugene", ["97402", "97401", "97401"])

    assert created.status_code == 201
    zone = created.json()
    assert zone["id"].startswith("zone_")
    assert zone["zip_codes"] == ["97401", "97402"]
    assert zone["created_at"].endswith("Z")
    fetched = await client.get(f"/v1/zones/{zone['id']}", headers=tenant.headers)
    assert fetched.json() == zone
    await create_zone(client, tenant, "Springfield", ["97477"])
    listed = await client.get("/v1/zones?per_page=1", headers=tenant.headers)
    assert listed.json()["pagination"] == {"page": 1, "per_page": 1, "total": 2, "total_pages": 2}
    assert listed.json()["data"][0]["name"] == "Springfield"
    assert 'rel="next"' in listed.headers["Link"]


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"zip_codes": ["97401"]}, "name"),
        ({"name": "", "zip_codes": []}, "name"),
        ({"name": "X", "zip_codes": ["9740"]}, "zip_codes.0"),
        ({"name": "X", "zip_codes": ["97401-1234"]}, "zip_codes.0"),
        ({"name": "X", "zip_codes": "97401"}, "zip_codes"),
        ({"name": "X", "id": "zone_1"}, "id"),
    ],
)
async def test_invalid_zone_bodies_are_400(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, object], param: str
) -> None:
    response = await client.post("/v1/zones", json=body, headers=tenant.headers)

    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_a_zip_belongs_to_one_zone(client: httpx.AsyncClient, tenant: Tenant) -> None:
    await create_zone(client, tenant, "Eugene", ["97401"])
    other = (await create_zone(client, tenant, "Springfield", ["97477"])).json()

    taken = await create_zone(client, tenant, "Again", ["97478", "97401"])
    moved = await client.patch(
        f"/v1/zones/{other['id']}", json={"zip_codes": ["97477", "97401"]}, headers=tenant.headers
    )

    for response in (taken, moved):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "zip_taken"
        assert "97401" in response.json()["error"]["message"]
    listed = await client.get("/v1/zones", headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 2
    unchanged = await client.get(f"/v1/zones/{other['id']}", headers=tenant.headers)
    assert unchanged.json()["zip_codes"] == ["97477"]


async def test_concurrent_claims_of_one_zip_leave_one_winner(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *(create_zone(client, tenant, f"Zone {n}", ["97401"]) for n in range(6))
    )

    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    listed = await client.get("/v1/zones", headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 1


async def test_addresses_follow_zone_changes(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant, zip_code="97401")
    plus_four = await make_address(database, tenant, customer.id, zip_code="97402-1234")
    elsewhere = await make_address(database, tenant, customer.id, zip_code="97477")

    zone = (await create_zone(client, tenant, "Eugene", ["97401", "97402"])).json()
    assert await address_zone(database, customer.address_id) == zone["id"]
    assert await address_zone(database, plus_four) == zone["id"]
    assert await address_zone(database, elsewhere) is None

    patched = await client.patch(
        f"/v1/zones/{zone['id']}",
        json={"name": "Eugene West", "zip_codes": ["97402", "97477"]},
        headers=tenant.headers,
    )
    assert patched.status_code == 200
    assert patched.json()["name"] == "Eugene West"
    assert patched.json()["zip_codes"] == ["97402", "97477"]
    assert await address_zone(database, customer.address_id) is None
    assert await address_zone(database, plus_four) == zone["id"]
    assert await address_zone(database, elsewhere) == zone["id"]


async def test_zones_are_isolated_by_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone = (await create_zone(client, tenant, "Eugene", ["97401"])).json()
    for intruder in await intruders(database):
        theirs = await make_customer(database, intruder, zip_code="97401")
        assert (
            await client.get(f"/v1/zones/{zone['id']}", headers=intruder.headers)
        ).status_code == 404
        patch = await client.patch(
            f"/v1/zones/{zone['id']}", json={"name": "Mine"}, headers=intruder.headers
        )
        assert patch.status_code == 404
        listed = await client.get("/v1/zones", headers=intruder.headers)
        assert listed.json()["data"] == []
        # The same ZIP is free in another tenant, and acme's zone never touched its address.
        assert (await create_zone(client, intruder, "Theirs", ["97401"])).status_code == 201
        assert await address_zone(database, theirs.address_id) != zone["id"]


async def test_zone_id_for_zip_finds_the_zone_of_an_address_zip(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone = (await create_zone(client, tenant, "Eugene", ["97401"])).json()

    async with database.transaction() as session:
        found = [
            await zone_id_for_zip(
                session, account_id=tenant.account_id, mode=mode, zip_code=zip_code
            )
            for mode, zip_code in (
                ("test", "97401"),
                ("test", "97401-1234"),
                ("test", "97402"),
                ("live", "97401"),
            )
        ]

    assert found == [zone["id"], zone["id"], None, None]


async def test_concurrent_zip_swaps_between_zones_never_deadlock(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    east = (await create_zone(client, tenant, "East", ["97401", "97402"])).json()
    west = (await create_zone(client, tenant, "West", ["97477", "97478"])).json()

    def move(zone: dict[str, object], zips: list[str]) -> object:
        return client.patch(
            f"/v1/zones/{zone['id']}", json={"zip_codes": zips}, headers=tenant.headers
        )

    responses = await asyncio.gather(
        *(move(east, ["97401", "97477"]) for _ in range(3)),
        *(move(west, ["97478", "97402"]) for _ in range(3)),
    )

    assert all(r.status_code in (200, 409) for r in responses), [r.text for r in responses]
    zones = (await client.get("/v1/zones", headers=tenant.headers)).json()["data"]
    held = [zip_code for zone in zones for zip_code in zone["zip_codes"]]
    assert len(held) == len(set(held))
