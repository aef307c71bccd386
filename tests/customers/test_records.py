"""The integrator's records on a customer (issue 15): external_id unique per tenant with a
409 naming the holder (get-or-create), metadata by Stripe's limits, tags as a
case-insensitive set kept in the case first written. Both databases."""

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import Tenant, assert_error, create_customer, make_tenant


async def _patch(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str, **body: Any
) -> httpx.Response:
    return await client.patch(f"/v1/customers/{customer_id}", json=body, headers=tenant.headers)


async def _create(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> httpx.Response:
    body = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", **fields}
    return await client.post("/v1/customers", json=body, headers=tenant.headers)


async def test_the_fields_are_written_and_read_back(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_customer(
        client,
        tenant,
        external_id="crm-42",
        metadata={"crm": "42", "source": "site", "dropped": ""},
        tags=["VIP", "pets", "vip"],
    )
    assert created["external_id"] == "crm-42"
    assert created["metadata"] == {"crm": "42", "source": "site"}
    assert created["tags"] == ["VIP", "pets"]
    assert created["merged_into"] is None
    fetched = await client.get(f"/v1/customers/{created['id']}", headers=tenant.headers)
    assert fetched.json() == created


async def test_patch_merges_metadata_and_an_empty_value_removes_a_key(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_customer(client, tenant, metadata={"a": "1", "b": "2"})
    patched = await _patch(client, tenant, created["id"], metadata={"b": "", "c": "3"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["metadata"] == {"a": "1", "c": "3"}


async def test_patch_replaces_tags_keeping_the_case_first_written(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_customer(client, tenant, tags=["VIP", "pets"])
    patched = await _patch(client, tenant, created["id"], tags=["vip", "Key-Holder"])
    assert patched.json()["tags"] == ["VIP", "Key-Holder"]
    listed = await client.get("/v1/customers", params={"tag": "pets"}, headers=tenant.headers)
    assert listed.json()["pagination"]["total"] == 0
    listed = await client.get("/v1/customers", params={"tag": "KEY-HOLDER"}, headers=tenant.headers)
    assert [found["id"] for found in listed.json()["data"]] == [created["id"]]


async def test_tag_lists_are_newest_first_paged_and_exact_with_other_filters(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = [
        await create_customer(
            client, tenant, email=f"t{n}@example.com", tags=["vip", *(["pets"] if n % 2 else [])]
        )
        for n in range(5)
    ]
    await create_customer(client, tenant, email="untagged@example.com")
    await _patch(client, tenant, made[4]["id"], status="inactive")

    async def ids(**query: Any) -> tuple[list[str], int]:
        listed = await client.get("/v1/customers", params=query, headers=tenant.headers)
        body = listed.json()
        return [found["id"] for found in body["data"]], body["pagination"]["total"]

    newest = [customer["id"] for customer in reversed(made)]
    assert await ids(tag="VIP") == (newest, 5)
    assert await ids(tag="vip", per_page=2, page=2) == (newest[2:4], 5)
    assert await ids(tag=["vip", "pets"]) == ([made[3]["id"], made[1]["id"]], 2)
    assert await ids(tag="vip", status="inactive") == ([made[4]["id"]], 1)
    assert await ids(tag="nobody") == ([], 0)


async def test_external_id_null_clears_it_and_frees_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    first = await create_customer(client, tenant, external_id="x-1")
    cleared = await _patch(client, tenant, first["id"], external_id=None)
    assert cleared.json()["external_id"] is None
    again = await create_customer(client, tenant, email="b@example.com", external_id="x-1")
    assert again["external_id"] == "x-1"
    # Many customers may have none.
    await create_customer(client, tenant, email="c@example.com")


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"external_id": "e" * 256}, "external_id"),
        ({"external_id": "line\nbreak"}, "external_id"),
        ({"metadata": {f"k{n}": "v" for n in range(51)}}, "metadata"),
        ({"metadata": {"k" * 41: "v"}}, "metadata"),
        ({"metadata": {"k": "v" * 501}}, "metadata.k"),
        ({"metadata": {"k": 5}}, "metadata.k"),
        ({"metadata": {"a[b]": "v"}}, "metadata"),
        ({"metadata": ["k"]}, "metadata"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"tags": ["t" * 51]}, "tags.0"),
        ({"tags": [""]}, "tags.0"),
        ({"tags": "vip"}, "tags"),
    ],
)
async def test_a_bad_value_is_a_400_naming_it(
    client: httpx.AsyncClient, tenant: Tenant, fields: dict[str, Any], param: str
) -> None:
    response = await _create(client, tenant, **fields)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"].startswith(param)
    created = await create_customer(client, tenant, email="ok@example.com")
    patched = await _patch(client, tenant, created["id"], **fields)
    assert patched.status_code == 400, patched.text
    assert patched.json()["error"]["param"].startswith(param)


async def test_more_than_50_keys_after_a_merge_is_a_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await create_customer(client, tenant, metadata={f"a{n}": "v" for n in range(30)})
    response = await _patch(
        client, tenant, created["id"], metadata={f"b{n}": "v" for n in range(21)}
    )
    assert_error(response, 400, "parameter_invalid", "metadata")
    fetched = await client.get(f"/v1/customers/{created['id']}", headers=tenant.headers)
    assert len(fetched.json()["metadata"]) == 30


@pytest.mark.parametrize(("field", "code"), [("email", "email_taken"), ("external_id", None)])
async def test_a_taken_value_names_its_holder(
    client: httpx.AsyncClient, tenant: Tenant, field: str, code: str | None
) -> None:
    holder = await create_customer(client, tenant, external_id="crm-7")
    taken = {"email": "JOHN@example.com"} if field == "email" else {"external_id": "crm-7"}
    response = await _create(client, tenant, **taken)
    assert_error(response, 409, code or "external_id_taken", field)
    assert response.json()["error"]["existing_id"] == holder["id"]
    # A PATCH onto the taken value too; nothing of it is saved.
    other = await create_customer(client, tenant, email="other@example.com")
    patched = await _patch(client, tenant, other["id"], first_name="Changed", **taken)
    assert_error(patched, 409, code or "external_id_taken", field)
    assert patched.json()["error"]["existing_id"] == holder["id"]
    fetched = await client.get(f"/v1/customers/{other['id']}", headers=tenant.headers)
    assert fetched.json()["first_name"] == "John"


async def test_another_error_has_no_existing_id(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await _create(client, tenant, external_id="")
    assert response.status_code == 400
    assert "existing_id" not in response.json()["error"]


async def test_eight_racing_creates_by_external_id_give_one_record(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    responses = await asyncio.gather(
        *[
            _create(client, tenant, email=f"racer{n}@example.com", external_id="crm-race")
            for n in range(8)
        ]
    )
    assert Counter(response.status_code for response in responses) == {201: 1, 409: 7}
    [winner] = [response.json() for response in responses if response.status_code == 201]
    for response in responses:
        if response.status_code == 409:
            error = response.json()["error"]
            assert error["code"] == "external_id_taken"
            assert error["existing_id"] == winner["id"]
    listed = await client.get(
        "/v1/customers", params={"external_id": "crm-race"}, headers=tenant.headers
    )
    assert listed.json()["pagination"]["total"] == 1


async def test_external_ids_are_per_tenant(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    other = await make_tenant(database, name="globex", mode="test")
    await create_customer(client, tenant, external_id="same")
    theirs = await create_customer(client, other, external_id="same")
    assert theirs["external_id"] == "same"


async def test_metadata_filters_are_declared_parameters(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """`metadata[KEY]` passes the unknown-parameter check and the Link header keeps it; a
    bare `metadata` or another bracketed family is unknown."""
    for n in range(2):
        await create_customer(client, tenant, email=f"m{n}@example.com", metadata={"crm": "1"})
    listed = await client.get(
        "/v1/customers", params={"metadata[crm]": "1", "per_page": 1}, headers=tenant.headers
    )
    assert listed.json()["pagination"]["total"] == 2
    assert "metadata%5Bcrm%5D=1" in listed.headers["Link"]
    for unknown in ("metadata", "tags[x]"):
        refused = await client.get("/v1/customers", params={unknown: "1"}, headers=tenant.headers)
        assert_error(refused, 400, "parameter_unknown", unknown)
