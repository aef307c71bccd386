"""Test factories, one set for every domain: tenants; customers and addresses made through
the API as an integrator makes them, or inserted through the ORM when a test only needs rows
to hang bookings, subscriptions and invoices off; and small API helpers those tests share."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select, update

from otesse.auth import repository as keys_repository
from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.ids import new_id
from otesse.customers.search import email_local_key
from otesse.models import Address, Customer, Zone, ZoneZip
from tests.support import audit_registry


@dataclass(frozen=True)
class Tenant:
    account_id: str
    mode: str
    key_id: str
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


async def make_tenant(database: Database, *, name: str, mode: str = "test") -> Tenant:
    async with database.transaction() as session:
        account = await keys_repository.get_or_create_account(session, name)
        api_key, secret = await keys_repository.create_key(session, account=account, mode=mode)
    audit_registry.used_secrets.add(secret)  # audited against every log of the session
    return Tenant(account_id=account.id, mode=mode, key_id=api_key.id, secret=secret)


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


@dataclass(frozen=True)
class CustomerRef:
    id: str
    address_id: str


async def make_customer(
    database: Database,
    tenant: Tenant,
    *,
    first_name: str = "John",
    last_name: str = "Smith",
    email: str | None = None,
    phone: str | None = "+15551234567",
    status: str = "active",
    zip_code: str = "97401",
    created_at: datetime | None = None,
) -> CustomerRef:
    """A customer with one default address (search_text and email_key as the API writes them);
    ``created_at`` as an import keeps the platform's own (now by default)."""
    customer_id = new_id("cust")
    email = email or f"{customer_id.lower()}@example.com"
    phone_digits = phone.removeprefix("+") if phone else ""
    search_text = " ".join(
        [f"{first_name} {last_name}", f"{last_name} {first_name}", email, phone_digits]
    ).casefold()
    async with database.transaction() as session:
        session.add(
            Customer(
                id=customer_id,
                account_id=tenant.account_id,
                mode=tenant.mode,
                first_name=first_name,
                last_name=last_name,
                email=email,
                email_key=email.casefold(),
                email_local_key=email_local_key(email),
                phone=phone,
                status=status,
                search_text=search_text,
                send_invitation=False,
                **({} if created_at is None else {"created_at": created_at}),
            )
        )
        await session.flush()
    address_id = await make_address(database, tenant, customer_id, zip_code=zip_code, default=True)
    return CustomerRef(id=customer_id, address_id=address_id)


async def make_address(
    database: Database,
    tenant: Tenant,
    customer_id: str,
    *,
    zip_code: str = "97401",
    default: bool = False,
    zone_id: str | None = None,
) -> str:
    address_id = new_id("addr")
    async with database.transaction() as session:
        session.add(
            Address(
                id=address_id,
                account_id=tenant.account_id,
                mode=tenant.mode,
                customer_id=customer_id,
                label="Home",
                street="123 Main St",
                city="Eugene",
                state="OR",
                zip=zip_code,
                is_default=default,
                zone_id=zone_id,
            )
        )
    return address_id


async def customer_row(database: Database, customer_id: str) -> Customer:
    async with database.transaction() as session:
        customer = await session.scalar(select(Customer).where(Customer.id == customer_id))
        assert customer is not None
        return customer


async def stats_of(database: Database, customer_id: str) -> dict[str, Any]:
    """The stats as the customer JSON shows them (docs/customers.md), plus the raw count."""
    customer = await customer_row(database, customer_id)
    last = customer.last_booking_at
    return {
        "total_bookings": customer.total_bookings,
        "total_spent": customer.total_spent,
        "last_booking_at": last.strftime("%Y-%m-%dT%H:%M:%SZ") if last else None,
        "active_subscription": customer.active_subscription,
        "active_subscriptions": customer.active_subscriptions,
    }


async def address_zone(database: Database, address_id: str) -> str | None:
    async with database.transaction() as session:
        return await session.scalar(select(Address.zone_id).where(Address.id == address_id))


def booking_body(customer: CustomerRef, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_id": customer.id,
        "address_id": customer.address_id,
        "service": "standard_cleaning",
        "scheduled_at": "2026-02-15T10:00:00Z",
        "duration_minutes": 120,
        "price": 16250,
    }
    body.update(overrides)
    return body


async def create_booking(
    client: httpx.AsyncClient, tenant: Tenant, customer: CustomerRef, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/bookings", json=booking_body(customer, **overrides), headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def subscription_body(customer: CustomerRef, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_id": customer.id,
        "address_id": customer.address_id,
        "service": "standard_cleaning",
        "frequency": "biweekly",
        "price": 15000,
        "start_date": "2026-03-01",
    }
    body.update(overrides)
    return body


def invoice_body(customer: CustomerRef, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_id": customer.id,
        "line_items": [
            {"description": "Standard cleaning", "quantity": 1, "unit_amount": 15000},
            {"description": "Inside oven", "quantity": 2, "unit_amount": 2500},
        ],
    }
    body.update(overrides)
    return body


async def create_invoice(
    client: httpx.AsyncClient, tenant: Tenant, customer: CustomerRef, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/invoices", json=invoice_body(customer, **overrides), headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def verify_stats(database: Database) -> list[str]:
    """What `otesse stats verify` would report (the same functions, in process): the
    customers' stats and the list's counters."""
    from otesse.stats.counters import find_counter_differences
    from otesse.stats.verify import find_stat_differences

    async with database.transaction() as session:
        stats = [difference.describe() for difference in await find_stat_differences(session)]
        counters = await find_counter_differences(session)
        return stats + [difference.describe() for difference in counters]


async def intruders(database: Database) -> list[Tenant]:
    """Tenants that must never see acme's test rows: another account, and acme's live mode."""
    return [
        await make_tenant(database, name="globex", mode="test"),
        await make_tenant(database, name="acme", mode="live"),
    ]


def without_rate_limit(settings: Settings) -> Settings:
    """The settings with a key budget no test's request storm can reach: for tests whose
    point is concurrency or volume, where a 429 would only hide what they check."""
    return settings.model_copy(update={"rate_limit_per_second": 1e6, "rate_limit_burst": 10**6})
