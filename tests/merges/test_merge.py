"""Merging one customer into another (issue 15), on both databases: nothing the source owned
is lost, the target's stats are exact (`otesse stats verify` is clean), the source keeps its
id and answers GET, leaves lists, refuses writes and releases its email; the preview is the
merge without the writing; refusals are clear; racing merges leave one outcome."""

import asyncio
from collections import Counter
from typing import Any

import httpx

from otesse.core.db import Database
from tests.factories import (
    HOME,
    Tenant,
    assert_error,
    create_booking,
    create_customer,
    create_invoice,
    make_customer,
    make_tenant,
    stats_of,
    subscription_body,
    verify_stats,
)


async def _merge(
    client: httpx.AsyncClient, tenant: Tenant, target_id: str, source_id: str, **headers: str
) -> httpx.Response:
    return await client.post(
        f"/v1/customers/{target_id}/merge",
        json={"source_id": source_id},
        headers={**tenant.headers, **headers},
    )


async def _get(client: httpx.AsyncClient, tenant: Tenant, customer_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _untimed(document: Any) -> Any:
    """The document without its `updated_at`s (a preview and the merge run at two moments)."""
    if isinstance(document, dict):
        return {k: _untimed(v) for k, v in document.items() if k != "updated_at"}
    if isinstance(document, list):
        return [_untimed(item) for item in document]
    return document


async def _owned_household(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> tuple[Any, Any]:
    """A target and a source, each with an address, a completed booking, a paid invoice and
    an active subscription."""
    target = await make_customer(database, tenant, email="jane@example.com")
    source = await make_customer(database, tenant, email="jane.doe@other.example")
    for customer, day in ((target, "01"), (source, "09")):
        booking = await create_booking(
            client, tenant, customer, scheduled_at=f"2026-04-{day}T09:00:00Z"
        )
        completed = await client.post(
            f"/v1/bookings/{booking['id']}/complete", headers=tenant.headers
        )
        assert completed.status_code == 200, completed.text
        invoice = await create_invoice(client, tenant, customer)
        paid = await client.post(f"/v1/invoices/{invoice['id']}/pay", headers=tenant.headers)
        assert paid.status_code == 200, paid.text
        subscribed = await client.post(
            "/v1/subscriptions", json=subscription_body(customer), headers=tenant.headers
        )
        assert subscribed.status_code == 201, subscribed.text
    return target, source


async def test_a_merge_moves_everything_and_recomputes_the_stats(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    target, source = await _owned_household(client, tenant, database)
    await client.patch(
        f"/v1/customers/{target.id}",
        json={"tags": ["VIP"], "metadata": {"crm": "1"}},
        headers=tenant.headers,
    )
    await client.patch(
        f"/v1/customers/{source.id}",
        json={"tags": ["vip", "pets"], "metadata": {"crm": "2", "src": "web"}, "external_id": "x"},
        headers=tenant.headers,
    )
    before = await _get(client, tenant, target.id)

    response = await _merge(client, tenant, target.id, source.id)

    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged == await _get(client, tenant, target.id)
    # The target's default address stays the default; the source's follows it.
    assert [a["id"] for a in merged["addresses"]] == [target.address_id, source.address_id]
    assert [a["is_default"] for a in merged["addresses"]] == [True, False]
    assert merged["tags"] == ["VIP", "pets"]
    assert merged["metadata"] == {"crm": "1", "src": "web"}
    assert merged["external_id"] == "x"
    assert merged["stats"] == {
        "total_bookings": 2,
        "total_spent": 2 * before["stats"]["total_spent"],
        "last_booking_at": "2026-04-09T09:00:00Z",
        "active_subscription": True,
    }
    assert (await stats_of(database, target.id))["active_subscriptions"] == 2
    assert await verify_stats(database) == []
    bookings = await client.get(f"/v1/customers/{target.id}/bookings", headers=tenant.headers)
    assert bookings.json()["pagination"]["total"] == 2
    invoices = await client.get(f"/v1/customers/{target.id}/invoices", headers=tenant.headers)
    assert invoices.json()["pagination"]["total"] == 2

    gone = await _get(client, tenant, source.id)
    assert gone["status"] == "merged"
    assert gone["merged_into"] == target.id
    assert gone["addresses"] == []
    assert gone["tags"] == []
    assert gone["stats"]["total_bookings"] == 0
    assert gone["email"] == "jane.doe@other.example"  # kept for the record


async def test_a_merged_customer_leaves_lists_refuses_writes_and_releases_its_email(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await create_customer(client, tenant, email="a@example.com", tags=["vip"])
    source = await create_customer(client, tenant, email="b@example.com", tags=["vip"])
    assert (await _merge(client, tenant, target["id"], source["id"])).status_code == 200

    def listed(**params: str) -> Any:
        return client.get("/v1/customers", params=params, headers=tenant.headers)

    everyone = (await listed()).json()
    assert [found["id"] for found in everyone["data"]] == [target["id"]]
    assert everyone["pagination"]["total"] == 1
    searched = (await listed(search="example")).json()
    assert [found["id"] for found in searched["data"]] == [target["id"]]
    assert (await listed(tag="vip")).json()["pagination"]["total"] == 1
    merged = (await listed(status="merged")).json()
    assert [found["id"] for found in merged["data"]] == [source["id"]]
    assert merged["pagination"]["total"] == 1

    path = f"/v1/customers/{source['id']}"
    patched = await client.patch(path, json={"first_name": "X"}, headers=tenant.headers)
    assert_error(patched, 409, "customer_merged", "id")
    deleted = await client.delete(path, headers=tenant.headers)
    assert_error(deleted, 409, "customer_merged", "id")
    address = await client.post(f"{path}/addresses", json=HOME, headers=tenant.headers)
    assert_error(address, 409, "customer_merged")

    again = await create_customer(client, tenant, email="B@example.com")
    assert again["email"] == "B@example.com".replace("B@", "B@")


async def test_the_target_may_take_the_sources_email_after_the_merge(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await create_customer(client, tenant, email="old@example.com")
    source = await create_customer(client, tenant, email="new@example.com")
    await _merge(client, tenant, target["id"], source["id"])
    patched = await client.patch(
        f"/v1/customers/{target['id']}", json={"email": "new@example.com"}, headers=tenant.headers
    )
    assert patched.status_code == 200, patched.text


async def test_the_preview_is_the_merge_without_writing(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    target, source = await _owned_household(client, tenant, database)
    before = (await _get(client, tenant, target.id), await _get(client, tenant, source.id))

    previewed = await client.get(
        f"/v1/customers/{target.id}/merge_preview",
        params={"source_id": source.id},
        headers=tenant.headers,
    )

    assert previewed.status_code == 200, previewed.text
    preview = previewed.json()
    assert preview["moved"] == {
        "addresses": 1,
        "bookings": 1,
        "subscriptions": 1,
        "invoices": 1,
        "invitations": 0,
    }
    assert (await _get(client, tenant, target.id), await _get(client, tenant, source.id)) == before
    merged = (await _merge(client, tenant, target.id, source.id)).json()
    assert _untimed(preview["target"]) == _untimed(merged)
    assert preview["source"]["status"] == "merged"
    assert preview["source"]["merged_into"] == target.id


async def test_refused_merges(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    a = await create_customer(client, tenant, email="a@example.com")
    b = await create_customer(client, tenant, email="b@example.com")
    c = await create_customer(client, tenant, email="c@example.com")
    other = await make_tenant(database, name="globex", mode="test")
    theirs = await create_customer(client, other, email="t@example.com")

    assert_error(await _merge(client, tenant, a["id"], a["id"]), 409, "merge_into_itself")
    assert_error(
        await _merge(client, tenant, a["id"], theirs["id"]), 404, "resource_missing", "source_id"
    )
    assert_error(
        await _merge(client, tenant, "cust_nope", a["id"]), 404, "resource_missing", "customer_id"
    )
    missing = await client.post(f"/v1/customers/{a['id']}/merge", json={}, headers=tenant.headers)
    assert_error(missing, 400, "parameter_missing", "source_id")

    assert (await client.delete(f"/v1/customers/{c['id']}", headers=tenant.headers)).is_success
    assert_error(await _merge(client, tenant, c["id"], b["id"]), 409, "customer_deactivated")

    assert (await _merge(client, tenant, a["id"], b["id"])).status_code == 200
    # A cycle, a merged target, a merged source: each 409.
    assert_error(await _merge(client, tenant, b["id"], a["id"]), 409, "customer_merged")
    assert_error(await _merge(client, tenant, a["id"], b["id"]), 409, "customer_merged")
    refused = await client.get(
        f"/v1/customers/{b['id']}/merge_preview",
        params={"source_id": a["id"]},
        headers=tenant.headers,
    )
    assert_error(refused, 409, "customer_merged")
    assert await verify_stats(database) == []


async def test_racing_merges_of_one_pair_both_ways_leave_one_outcome(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    a, b = await _owned_household(client, tenant, database)
    responses = await asyncio.gather(
        *(_merge(client, tenant, a.id, b.id) for _ in range(3)),
        *(_merge(client, tenant, b.id, a.id) for _ in range(3)),
    )
    assert Counter(response.status_code for response in responses) == {200: 1, 409: 5}
    [winner] = [response.json() for response in responses if response.status_code == 200]
    loser_id = b.id if winner["id"] == a.id else a.id
    loser = await _get(client, tenant, loser_id)
    assert loser["status"] == "merged"
    assert loser["merged_into"] == winner["id"]
    assert len((await _get(client, tenant, winner["id"]))["addresses"]) == 2
    assert await verify_stats(database) == []


async def test_an_idempotent_merge_replays(client: httpx.AsyncClient, tenant: Tenant) -> None:
    a = await create_customer(client, tenant, email="a@example.com")
    b = await create_customer(client, tenant, email="b@example.com")
    first = await _merge(client, tenant, a["id"], b["id"], **{"Idempotency-Key": "m-1"})
    again = await _merge(client, tenant, a["id"], b["id"], **{"Idempotency-Key": "m-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
