"""Every route under a customer loads it one way (stats/owners.find_customer): an unknown
id, or another tenant's, is the same 404 with the same words wherever it is asked."""

import httpx
import pytest

from otesse.core.db import Database
from tests.factories import HOME, Tenant, create_customer, make_tenant

ROUTES = [
    ("GET", "/v1/customers/{id}", None),
    ("PATCH", "/v1/customers/{id}", {"first_name": "X"}),
    ("DELETE", "/v1/customers/{id}", None),
    ("POST", "/v1/customers/{id}/addresses", HOME),
    ("POST", "/v1/customers/{id}/invitation", None),
    ("GET", "/v1/customers/{id}/bookings", None),
    ("GET", "/v1/customers/{id}/invoices", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_one_404_for_a_customer_that_is_not_the_callers(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    other = await make_tenant(database, name="other")
    theirs = await create_customer(client, other, email="theirs@example.com")
    for customer_id in ("cust_nope", theirs["id"]):
        response = await client.request(
            method, path.format(id=customer_id), json=body, headers=tenant.headers
        )
        assert response.status_code == 404, response.text
        error = response.json()["error"]
        assert error["code"] == "resource_missing", error
        assert error["message"] == f"No such customer: '{customer_id}'."
