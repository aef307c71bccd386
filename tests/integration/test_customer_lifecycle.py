"""The customers API and the domains that hang off it, end to end through HTTP only."""

import asyncio
from typing import Any

import httpx

from otesse.core.db import Database
from tests.factories import (
    CustomerRef,
    Tenant,
    add_address,
    assert_error,
    booking_body,
    create_customer,
    invoice_body,
    make_tenant,
    subscription_body,
    verify_stats,
)

FUTURE = "2027-06-01T10:00:00Z"


async def api_customer(
    client: httpx.AsyncClient, tenant: Tenant, zip_code: str = "97401", **fields: Any
) -> CustomerRef:
    customer = await create_customer(client, tenant, **fields)
    address = await add_address(client, tenant, customer["id"], zip=zip_code)
    return CustomerRef(id=customer["id"], address_id=address["id"])


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str, **body: Any) -> Any:
    response = await client.post(path, json=body or None, headers=tenant.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def listed_ids(client: httpx.AsyncClient, tenant: Tenant, query: str) -> list[str]:
    response = await client.get(f"/v1/customers?{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return [customer["id"] for customer in response.json()["data"]]


async def stats(client: httpx.AsyncClient, tenant: Tenant, customer_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["stats"]
    return found


async def test_zone_filter_follows_zones_created_and_changed(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    before = await api_customer(client, tenant, "97401", email="before@example.com")
    zone = await post(client, tenant, "/v1/zones", name="Eugene", zip_codes=["97401", "97402"])
    after = await api_customer(client, tenant, "97402-1234", email="after@example.com")
    elsewhere = await api_customer(client, tenant, "97477", email="elsewhere@example.com")

    assert sorted(await listed_ids(client, tenant, f"zone_id={zone['id']}")) == sorted(
        [before.id, after.id]
    )
    detail = await client.get(f"/v1/customers/{after.id}", headers=tenant.headers)
    assert detail.json()["addresses"][0]["zone_id"] == zone["id"]

    changed = await client.patch(
        f"/v1/zones/{zone['id']}", json={"zip_codes": ["97477"]}, headers=tenant.headers
    )
    assert changed.status_code == 200, changed.text
    assert await listed_ids(client, tenant, f"zone_id={zone['id']}") == [elsewhere.id]
    detail = await client.get(f"/v1/customers/{before.id}", headers=tenant.headers)
    assert detail.json()["addresses"][0]["zone_id"] is None

    moved = await client.patch(
        f"/v1/customers/{before.id}/addresses/{before.address_id}",
        json={"zip": "97477"},
        headers=tenant.headers,
    )
    assert moved.json()["zone_id"] == zone["id"]
    assert sorted(await listed_ids(client, tenant, f"zone_id={zone['id']}")) == sorted(
        [before.id, elsewhere.id]
    )
    assert await listed_ids(client, tenant, "zone_id=zone_unknown") == []


async def test_has_subscription_follows_the_subscription(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    other = await api_customer(client, tenant, email="other@example.com")
    assert await listed_ids(client, tenant, "has_subscription=true") == []

    subscription = await post(client, tenant, "/v1/subscriptions", **subscription_body(customer))
    path = f"/v1/subscriptions/{subscription['id']}"
    assert await listed_ids(client, tenant, "has_subscription=true") == [customer.id]
    assert await listed_ids(client, tenant, "has_subscription=false") == [other.id]

    await post(client, tenant, f"{path}/pause")
    assert await listed_ids(client, tenant, "has_subscription=true") == []
    assert (await stats(client, tenant, customer.id))["active_subscription"] is False
    await post(client, tenant, f"{path}/resume")
    assert await listed_ids(client, tenant, "has_subscription=true") == [customer.id]
    await post(client, tenant, f"{path}/cancel")
    assert await listed_ids(client, tenant, "has_subscription=true") == []
    assert await verify_stats(database) == []


async def test_stats_after_completion_and_payment(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    booking = await post(client, tenant, "/v1/bookings", **booking_body(customer))
    await post(client, tenant, f"/v1/bookings/{booking['id']}/complete")
    invoice = await post(
        client, tenant, "/v1/invoices", **invoice_body(customer, booking_id=booking["id"])
    )
    await post(client, tenant, f"/v1/invoices/{invoice['id']}/pay")

    expected = {
        "total_bookings": 1,
        "total_spent": invoice["amount_due"],
        "last_booking_at": booking["scheduled_at"],
        "active_subscription": False,
    }
    assert await stats(client, tenant, customer.id) == expected
    listed = await client.get("/v1/customers", headers=tenant.headers)
    assert listed.json()["data"][0]["stats"] == expected


async def test_delete_cancels_running_work_and_refuses_new_work(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    past = await post(client, tenant, "/v1/bookings", **booking_body(customer))
    future = await post(
        client, tenant, "/v1/bookings", **booking_body(customer, scheduled_at=FUTURE)
    )
    subscription = await post(client, tenant, "/v1/subscriptions", **subscription_body(customer))

    deleted = await client.delete(f"/v1/customers/{customer.id}", headers=tenant.headers)

    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["status"] == "deactivated"
    assert deleted.json()["stats"]["active_subscription"] is False
    get = lambda path: client.get(path, headers=tenant.headers)  # noqa: E731
    assert (await get(f"/v1/bookings/{future['id']}")).json()["status"] == "cancelled"
    assert (await get(f"/v1/bookings/{past['id']}")).json()["status"] == "scheduled"
    sub = await get(f"/v1/subscriptions/{subscription['id']}")
    assert sub.json()["status"] == "cancelled"
    assert await listed_ids(client, tenant, "has_subscription=false") == [customer.id]

    for path, body in [
        ("/v1/bookings", booking_body(customer, scheduled_at=FUTURE)),
        ("/v1/subscriptions", subscription_body(customer)),
        (f"/v1/customers/{customer.id}/addresses", {**HOME_BODY}),
    ]:
        refused = await client.post(path, json=body, headers=tenant.headers)
        assert refused.status_code == 409, (path, refused.text)

    reactivated = await client.patch(
        f"/v1/customers/{customer.id}", json={"status": "active"}, headers=tenant.headers
    )
    assert reactivated.json()["status"] == "active"
    await post(client, tenant, "/v1/bookings", **booking_body(customer, scheduled_at=FUTURE))
    await post(client, tenant, f"/v1/customers/{customer.id}/addresses", **HOME_BODY)
    assert await verify_stats(database) == []


HOME_BODY = {"street": "1 Elm St", "city": "Eugene", "state": "OR", "zip": "97401"}


async def test_customer_bookings_take_every_list_parameter_scoped(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone = await post(client, tenant, "/v1/zones", name="Eugene", zip_codes=["97401"])
    customer = await api_customer(client, tenant)
    other = await api_customer(client, tenant, email="other@example.com")
    sub = await post(client, tenant, "/v1/subscriptions", **subscription_body(customer))
    early = await post(
        client,
        tenant,
        "/v1/bookings",
        **booking_body(customer, scheduled_at="2027-01-01T10:00:00Z"),
    )
    late = await post(
        client,
        tenant,
        "/v1/bookings",
        **booking_body(customer, scheduled_at="2027-03-01T10:00:00Z", subscription_id=sub["id"]),
    )
    await post(client, tenant, "/v1/bookings", **booking_body(other, scheduled_at=FUTURE))
    await post(client, tenant, f"/v1/bookings/{early['id']}/cancel")
    base = f"/v1/customers/{customer.id}/bookings"

    async def ids(query: str) -> list[str]:
        response = await client.get(f"{base}?{query}", headers=tenant.headers)
        assert response.status_code == 200, response.text
        return [booking["id"] for booking in response.json()["data"]]

    assert await ids("") == [late["id"], early["id"]]
    assert await ids("sort=scheduled_at") == [early["id"], late["id"]]
    assert await ids("status=cancelled") == [early["id"]]
    assert await ids(f"zone_id={zone['id']}") == [late["id"], early["id"]]
    assert await ids(f"subscription_id={sub['id']}") == [late["id"]]
    assert await ids("scheduled_after=2027-02-01T00:00:00Z") == [late["id"]]
    assert await ids("scheduled_before=2027-02-01T00:00:00Z") == [early["id"]]
    assert await ids("created_after=2020-01-01T00:00:00Z") == [late["id"], early["id"]]
    paged = await client.get(f"{base}?per_page=1&page=2", headers=tenant.headers)
    assert [b["id"] for b in paged.json()["data"]] == [early["id"]]
    assert paged.json()["pagination"] == {"page": 2, "per_page": 1, "total": 2, "total_pages": 2}
    bad = await client.get(f"{base}?sort=price", headers=tenant.headers)
    assert_error(bad, 400, "parameter_invalid", "sort")


async def test_customer_sub_resources_of_another_tenant_are_404(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    first = await post(client, tenant, "/v1/invoices", **invoice_body(customer))
    second = await post(client, tenant, "/v1/invoices", **invoice_body(customer))
    globex = await make_tenant(database, name="globex")

    own = await client.get(f"/v1/customers/{customer.id}/invoices", headers=tenant.headers)
    assert [i["id"] for i in own.json()["data"]] == [second["id"], first["id"]]
    issued = [invoice["issued_at"] for invoice in own.json()["data"]]
    assert issued == sorted(issued, reverse=True)
    for sub_resource in ("bookings", "invoices"):
        path = f"/v1/customers/{customer.id}/{sub_resource}"
        foreign = await client.get(path, headers=globex.headers)
        missing = await client.get(
            f"/v1/customers/cust_missing/{sub_resource}", headers=tenant.headers
        )
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json()["error"]["code"] == missing.json()["error"]["code"]


async def test_an_address_in_use_cannot_be_deleted(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    spare = await add_address(client, tenant, customer.id, zip="97402")
    await post(client, tenant, "/v1/bookings", **booking_body(customer, address_id=spare["id"]))

    refused = await client.delete(
        f"/v1/customers/{customer.id}/addresses/{spare['id']}", headers=tenant.headers
    )

    assert_error(refused, 409, "address_in_use")
    detail = await client.get(f"/v1/customers/{customer.id}", headers=tenant.headers)
    assert len(detail.json()["addresses"]) == 2


async def test_concurrent_completes_and_pays_keep_stats_exact(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await api_customer(client, tenant)
    bookings = [
        await post(
            client,
            tenant,
            "/v1/bookings",
            **booking_body(customer, scheduled_at=f"2026-0{n}-10T10:00:00Z"),
        )
        for n in range(1, 7)
    ]
    invoices = [
        await post(client, tenant, "/v1/invoices", **invoice_body(customer)) for _ in range(6)
    ]

    calls = [f"/v1/bookings/{b['id']}/complete" for b in bookings]
    calls += [f"/v1/invoices/{i['id']}/pay" for i in invoices]
    calls += [f"/v1/invoices/{invoices[0]['id']}/pay"]  # a second pay of one invoice: 409
    answers = await asyncio.gather(*(client.post(path, headers=tenant.headers) for path in calls))

    assert sorted(answer.status_code for answer in answers) == [200] * 12 + [409]
    assert await stats(client, tenant, customer.id) == {
        "total_bookings": 6,
        "total_spent": sum(invoice["amount_due"] for invoice in invoices),
        "last_booking_at": "2026-06-10T10:00:00Z",
        "active_subscription": False,
    }
    assert await verify_stats(database) == []


async def test_zone_changes_racing_address_writes_end_consistent(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone = await post(client, tenant, "/v1/zones", name="Eugene", zip_codes=[])
    customers = [
        await api_customer(client, tenant, "97401", email=f"c{n}@example.com") for n in range(4)
    ]
    writes = [
        client.patch(f"/v1/zones/{zone['id']}", json={"zip_codes": zips}, headers=tenant.headers)
        for zips in (["97401"], ["97401", "97402"], ["97402"], ["97401"])
    ]
    writes += [
        client.post(
            f"/v1/customers/{customer.id}/addresses",
            json={**HOME_BODY, "zip": "97402", "is_default": True},
            headers=tenant.headers,
        )
        for customer in customers
    ]

    answers = await asyncio.gather(*writes)

    assert [answer.status_code for answer in answers] == [200] * 4 + [201] * 4
    final = await client.get(f"/v1/zones/{zone['id']}", headers=tenant.headers)
    zips = final.json()["zip_codes"]
    for customer in customers:
        detail = await client.get(f"/v1/customers/{customer.id}", headers=tenant.headers)
        for address in detail.json()["addresses"]:
            expected = zone["id"] if address["zip"][:5] in zips else None
            assert address["zone_id"] == expected, (address, zips)
