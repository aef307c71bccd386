"""Requests the API bounds or refuses before any handler runs, all in the one error shape.

Each case failed before this file: ``/v1/customers/`` answered a bare 307 built from the
Host header; a 60,000-character query answered 200 with a 180 KB ``Link``; 20 KB of headers
were read; broken bodies answered the undocumented ``invalid_request``; a second
``Authorization`` header was silently ignored or used; ``page=1_0`` was read as 10.
"""

import gzip

import httpx
import pytest

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant, assert_error, make_customer

LISTS = ["/v1/customers", "/v1/zones", "/v1/bookings", "/v1/subscriptions", "/v1/invoices",
         "/v1/customers/{customer}/bookings", "/v1/customers/{customer}/invoices"]  # fmt: skip


def assert_request_id(response: httpx.Response) -> None:
    assert response.json()["error"]["request_id"] == response.headers["request-id"]


@pytest.mark.parametrize("path", ["/v1/customers/", "/v1/customers/cust_01J%2F", "/v1/zones/"])
async def test_a_trailing_slash_is_a_404_never_a_redirect(
    client: httpx.AsyncClient, tenant: Tenant, path: str
) -> None:
    response = await client.get(path, headers={**tenant.headers, "Host": "evil.example"})
    assert_error(response, 404, "resource_missing")
    assert "location" not in response.headers
    assert_request_id(response)


async def test_an_over_long_request_target_is_a_414(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        "/v1/bookings", params={"search": "a" * 60_000}, headers=tenant.headers
    )
    assert_error(response, 414, "uri_too_long")
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "link" not in response.headers
    assert_request_id(response)
    # A long but reasonable search still works.
    fine = await client.get("/v1/customers", params={"search": "a" * 200}, headers=tenant.headers)
    assert fine.status_code == 200, fine.text


async def test_over_large_headers_are_a_431(client: httpx.AsyncClient, tenant: Tenant) -> None:
    headers = {**tenant.headers, **{f"X-Pad-{n}": "p" * 1000 for n in range(20)}}
    response = await client.get("/v1/customers", headers=headers)
    assert_error(response, 431, "headers_too_large")
    assert_request_id(response)


@pytest.mark.parametrize(
    "body",
    [b'{"name": "\xff\xfe"}', b"[" * 1000 + b"]" * 1000, gzip.compress(b'{"name": "North"}'),
     b'{"name": "North"'],
)  # fmt: skip
async def test_a_broken_body_is_body_invalid(
    client: httpx.AsyncClient, tenant: Tenant, body: bytes
) -> None:
    response = await client.post(
        "/v1/zones",
        content=body,
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert_error(response, 400, "body_invalid")
    assert_request_id(response)


async def test_two_authorization_headers_are_a_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for pair in ([tenant.headers["Authorization"], "Bearer otesse_test_sk_nope"],
                 ["Bearer otesse_test_sk_nope", tenant.headers["Authorization"]],
                 [tenant.headers["Authorization"]] * 2):  # fmt: skip
        headers = [("Authorization", value) for value in pair]
        response = await client.get("/v1/customers", headers=headers)
        assert_error(response, 400, "parameter_invalid", "Authorization")
    assert (await client.get("/v1/customers", headers=tenant.headers)).status_code == 200


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(("name", "value"), [("page", "1_0"), ("per_page", "1_0"),
                         ("per_page", "+10"), ("page", " 2"), ("page", "٣")])  # fmt: skip
async def test_page_numbers_are_plain_digits(
    client: httpx.AsyncClient, tenant: Tenant, path: str, name: str, value: str
) -> None:
    path = path.format(customer="cust_01J0000000000000000000000")
    response = await client.get(path, params={name: value}, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", name)


@pytest.mark.parametrize("path", LISTS)
async def test_links_come_from_the_public_url_not_the_host_header(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, settings: Settings, path: str
) -> None:
    customer = await make_customer(database, tenant)
    path = path.format(customer=customer.id)
    response = await client.get(
        path,
        params={"per_page": 1},
        headers={**tenant.headers, "Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 200, response.text
    links = response.headers["link"].split(", ")
    assert links  # an empty list links its first page only (no last page)
    for link in links:
        assert link.startswith(f"<{settings.public_url}{path}?"), link
        assert "evil.example" not in link


async def test_links_keep_the_lists_own_parameters_only(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        "/v1/bookings",
        params={"status": "scheduled", "sort": "scheduled_at", "search": "a" * 2000, "page": 1},
        headers=tenant.headers,
    )
    if response.status_code == 400:  # unknown parameters refused (the contract's rule)
        assert_error(response, 400, "parameter_unknown", "search")
        return
    assert response.status_code == 200, response.text
    link = response.headers["link"]
    assert "search" not in link and len(link) < 1000
    assert "status=scheduled&sort=scheduled_at&page=1&per_page=25" in link
