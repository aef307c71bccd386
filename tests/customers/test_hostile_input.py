"""Input the database would refuse (NUL, overlong ids, out-of-range dates) is a 400 or a 404,
never a 500, on either database."""

import httpx
import pytest

from tests.factories import HOME, Tenant, assert_error, create_customer


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("search=a%00b", "search"),
        ("zone_id=a%00b", "zone_id"),
        ("created_after=2025-13-01", "created_after"),
        ("created_after=2025-06-15T09:00:00%2B24:00", "created_after"),
    ],
)
async def test_list_parameters(
    client: httpx.AsyncClient, tenant: Tenant, query: str, param: str
) -> None:
    response = await client.get(f"/v1/customers?{query}", headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", param)


@pytest.mark.parametrize(
    ("created_after", "listed"),
    [("0001-01-01T00:00:00+01:00", True), ("9999-12-31T23:59:59-05:00", False)],
)
async def test_created_after_past_the_calendar_in_utc_is_the_calendar_edge(
    client: httpx.AsyncClient, tenant: Tenant, created_after: str, listed: bool
) -> None:
    """A valid RFC 3339 date-time whose offset carries it before year 1 (or past 9999) in UTC
    bounds nothing (or everything): the answer is the list, not a 400."""
    customer = await create_customer(client, tenant, address=HOME)
    response = await client.get(
        "/v1/customers", params={"created_after": created_after}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert [c["id"] for c in response.json()["data"]] == ([customer["id"]] if listed else [])


@pytest.mark.parametrize("customer_id", ["cust%00x", "cust_" + "x" * 100])
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_impossible_customer_ids_are_404(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str, method: str
) -> None:
    body = {"first_name": "X"} if method == "PATCH" else None
    response = await client.request(
        method, f"/v1/customers/{customer_id}", json=body, headers=tenant.headers
    )
    assert_error(response, 404, "resource_missing")


async def test_impossible_address_id_is_404(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    path = f"/v1/customers/{customer['id']}/addresses/addr%00"
    assert_error(
        await client.patch(path, json={"label": "x"}, headers=tenant.headers),
        404,
        "resource_missing",
    )
    assert_error(await client.delete(path, headers=tenant.headers), 404, "resource_missing")
