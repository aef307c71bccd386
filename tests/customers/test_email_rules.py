"""Email addresses the API accepts are addresses an invitation can reach.

Before: a 65-character local part was accepted (RFC 5321 allows 64), and so were non-ASCII
local parts (``üser@example.com``, ``用户@例子.广告``), whose invitations were then all
dead-lettered: nothing guarantees SMTPUTF8 on the way to the mailbox, so they are refused.
"""

import httpx
import pytest

from tests.factories import Tenant, assert_error, create_customer


def _body(email: str) -> dict[str, str]:
    return {"first_name": "Max", "last_name": "Muster", "email": email}


async def test_a_local_part_over_64_characters_is_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    refused = await client.post(
        "/v1/customers", json=_body("a" * 65 + "@example.com"), headers=tenant.headers
    )
    assert_error(refused, 400, "parameter_invalid", "email")
    assert "64 characters before the @-sign" in refused.json()["error"]["message"]
    customer = await create_customer(client, tenant, email="a" * 64 + "@example.com")
    assert customer["email"] == "a" * 64 + "@example.com"


@pytest.mark.parametrize("email", ["üser@example.com", "用户@例子.广告", "josé@münchen.de"])
async def test_a_non_ascii_local_part_is_refused_saying_why(
    client: httpx.AsyncClient, tenant: Tenant, email: str
) -> None:
    refused = await client.post("/v1/customers", json=_body(email), headers=tenant.headers)
    assert_error(refused, 400, "parameter_invalid", "email")
    assert "Internationalized characters before the @-sign" in refused.json()["error"]["message"]


async def test_an_internationalised_domain_is_one_address_in_either_form(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, email="max@münchen.de")
    assert customer["email"] == "max@münchen.de"
    again = await client.post(
        "/v1/customers", json=_body("max@xn--mnchen-3ya.de"), headers=tenant.headers
    )
    assert_error(again, 409, "email_taken")
