"""Customers and addresses made through the API, as an integrator makes them."""

from typing import Any

import httpx
from sqlalchemy import update

from otesse.core.db import Database
from otesse.core.ids import new_id
from otesse.models import Customer, Zone, ZoneZip
from tests.factories import Tenant

SEED_CREATE = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane@example.com",
    "phone": "+15559876543",
    "address": {
        "label": "Home",
        "street": "456 Oak Ave",
        "city": "Springfield",
        "state": "OR",
        "zip": "97477",
    },
}

SEED_ADDRESS = {
    "label": "Office",
    "street": "789 Business Blvd, Suite 200",
    "city": "Eugene",
    "state": "OR",
    "zip": "97401",
    "access_notes": "Check in at the front desk. Suite is on the 2nd floor.",
    "is_default": False,
}

HOME = {"label": "Home", "street": "123 Main St", "city": "Eugene", "state": "OR", "zip": "97401"}


async def create_customer(
    client: httpx.AsyncClient, tenant: Tenant, **fields: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "first_name": "John",
        "last_name": "Smith",
        "email": "john@example.com",
        **fields,
    }
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    customer: dict[str, Any] = response.json()
    return customer


async def add_address(
    client: httpx.AsyncClient, tenant: Tenant, customer_id: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/customers/{customer_id}/addresses", json={**HOME, **fields}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    address: dict[str, Any] = response.json()
    return address


def assert_error(
    response: httpx.Response, status: int, code: str, param: str | None = None
) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    if param is not None:
        assert error["param"] == param, error


async def make_zone(database: Database, tenant: Tenant, *zips: str) -> str:
    """A service zone with these ZIP codes (the zones API belongs to another issue)."""
    zone_id = new_id("zone")
    async with database.transaction() as session:
        session.add(Zone(id=zone_id, account_id=tenant.account_id, mode=tenant.mode, name="Z"))
        await session.flush()
        for zip_code in zips:
            session.add(
                ZoneZip(
                    account_id=tenant.account_id, mode=tenant.mode, zip=zip_code, zone_id=zone_id
                )
            )
    return zone_id


async def set_columns(database: Database, customer_id: str, **values: Any) -> None:
    """Move columns the API does not write (stats, created_at), as other issues will."""
    async with database.transaction() as session:
        await session.execute(update(Customer).where(Customer.id == customer_id).values(**values))
