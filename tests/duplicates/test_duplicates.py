"""Duplicate candidates (issue 15), on both databases: each reason finds its match and only
it, scores add up, merged customers and other tenants never appear, the list is paginated
like every list."""

from typing import Any

import httpx

from otesse.core.db import Database
from tests.factories import HOME, Tenant, assert_error, create_customer, make_tenant


async def _candidates(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str, **params: Any
) -> dict[str, Any]:
    response = await client.get(
        f"/v1/customers/{customer_id}/duplicates", params=params, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert "Link" in response.headers
    found: dict[str, Any] = response.json()
    return found


async def test_each_reason_finds_its_match(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    jane = await create_customer(
        client,
        tenant,
        first_name="Jane",
        last_name="Doe",
        email="jane.doe+shop@gmail.example",
        phone="+15551230001",
        address=HOME,
    )
    same_home = await create_customer(
        client,
        tenant,
        first_name="JANE",
        last_name="doe",
        email="j.d@work.example",
        address={**HOME, "street": HOME["street"].upper(), "label": "Other"},
    )
    same_phone = await create_customer(
        client, tenant, first_name="Bob", email="bob@example.com", phone="(555) 123-0001"
    )
    same_local = await create_customer(
        client, tenant, first_name="Jo", last_name="Doe", email="JaneDoe@yahoo.example"
    )
    # Not candidates: the same local part on the same domain is another mailbox; another
    # name at the same address; another tenant's customer with the same phone.
    await create_customer(client, tenant, email="jane.doe@gmail.example")
    await create_customer(client, tenant, first_name="Max", email="max@example.com", address=HOME)
    other = await make_tenant(database, name="globex", mode="test")
    await create_customer(client, other, email="x@example.com", phone="+15551230001")

    answer = await _candidates(client, tenant, jane["id"])

    by_id = {item["customer"]["id"]: item for item in answer["data"]}
    assert set(by_id) == {same_home["id"], same_phone["id"], same_local["id"]}
    assert by_id[same_home["id"]]["reasons"] == ["same_name_and_address"]
    assert by_id[same_phone["id"]]["reasons"] == ["same_phone"]
    assert by_id[same_local["id"]]["reasons"] == ["same_email_local_part"]
    scores = [item["score"] for item in answer["data"]]
    assert scores == sorted(scores, reverse=True)
    assert answer["pagination"]["total"] == 3


async def test_reasons_add_up_and_pages_are_exact(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    jane = await create_customer(client, tenant, email="jane@a.example", phone="+15551230002")
    twin = await create_customer(
        client, tenant, email="jane@b.example", phone="+15551230002", address=HOME
    )
    for n in range(3):
        await create_customer(client, tenant, email=f"p{n}@example.com", phone="+15551230002")

    first = await _candidates(client, tenant, jane["id"], per_page=2)
    second = await _candidates(client, tenant, jane["id"], per_page=2, page=2)

    assert first["data"][0]["customer"]["id"] == twin["id"]
    assert first["data"][0]["reasons"] == ["same_phone", "same_email_local_part"]
    assert first["data"][0]["score"] == 85
    assert first["pagination"]["total"] == second["pagination"]["total"] == 4
    seen = [item["customer"]["id"] for item in first["data"] + second["data"]]
    assert len(set(seen)) == 4


async def test_merged_customers_are_not_candidates(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    jane = await create_customer(client, tenant, email="jane@a.example", phone="+15551230003")
    twin = await create_customer(client, tenant, email="jane@b.example", phone="+15551230003")
    keeper = await create_customer(client, tenant, email="keep@example.com")
    merged = await client.post(
        f"/v1/customers/{keeper['id']}/merge",
        json={"source_id": twin["id"]},
        headers=tenant.headers,
    )
    assert merged.status_code == 200, merged.text
    assert (await _candidates(client, tenant, jane["id"]))["data"] == []


async def test_another_tenants_customer_is_a_404(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    other = await make_tenant(database, name="globex", mode="test")
    theirs = await create_customer(client, other)
    response = await client.get(f"/v1/customers/{theirs['id']}/duplicates", headers=tenant.headers)
    assert_error(response, 404, "resource_missing", "customer_id")


async def test_a_candidate_is_the_customer_as_get_answers_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Byte for byte, its sealed access notes opened (on PostgreSQL the candidates' JSON is
    the database's document, whose sealed values must be opened like GET's)."""
    home = {**HOME, "access_notes": "Key under the blue pot; gate 8812."}
    jane = await create_customer(client, tenant, phone="+15551230001", address=home)
    twin = await create_customer(
        client, tenant, email="twin@example.com", phone="+15551230001", address=home
    )
    answer = await _candidates(client, tenant, jane["id"])
    [candidate] = [item["customer"] for item in answer["data"]]
    got = await client.get(f"/v1/customers/{twin['id']}", headers=tenant.headers)
    assert candidate == got.json()
    assert candidate["addresses"][0]["access_notes"] == home["access_notes"]
