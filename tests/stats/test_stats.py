"""Customer stats: exact under mixed concurrent changes, and audited by `otesse stats verify`."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from otesse.bookings.repository import cancel_future_bookings
from otesse.cli import app
from otesse.config import get_settings
from otesse.core.db import Database
from otesse.models import Customer, CustomerDayCount
from otesse.subscriptions.repository import cancel_active_subscriptions
from tests.factories import (
    Tenant,
    booking_body,
    create_booking,
    create_invoice,
    make_customer,
    make_tenant,
    stats_of,
    subscription_body,
    verify_stats,
)


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OTESSE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


async def test_mixed_concurrent_changes_on_one_customer_stay_exact(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    bookings = [
        await create_booking(client, tenant, customer, scheduled_at=f"2026-04-{d:02d}T09:00:00Z")
        for d in range(1, 7)
    ]
    invoices = [await create_invoice(client, tenant, customer) for _ in range(6)]
    subscriptions = [
        (
            await client.post(
                "/v1/subscriptions", json=subscription_body(customer), headers=tenant.headers
            )
        ).json()
        for _ in range(3)
    ]

    def post(path: str) -> object:
        return client.post(path, headers=tenant.headers)

    await asyncio.gather(
        *(post(f"/v1/bookings/{b['id']}/complete") for b in bookings for _ in range(2)),
        *(post(f"/v1/invoices/{i['id']}/pay") for i in invoices for _ in range(2)),
        *(post(f"/v1/subscriptions/{s['id']}/pause") for s in subscriptions),
        *(post(f"/v1/subscriptions/{s['id']}/cancel") for s in subscriptions[:1]),
    )

    assert await stats_of(database, customer.id) == {
        "total_bookings": 6,
        "total_spent": 6 * 20000,
        "last_booking_at": "2026-04-06T09:00:00Z",
        "active_subscription": False,
        "active_subscriptions": 0,
    }
    assert await verify_stats(database) == []


async def tamper(database: Database, customer_id: str, **values: object) -> None:
    async with database.transaction() as session:
        await session.execute(update(Customer).where(Customer.id == customer_id).values(**values))


async def test_verify_reports_each_stat_that_drifted(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    clean = await make_customer(database, tenant, email="jane@example.com")
    booking = await create_booking(client, tenant, customer)
    await client.post(f"/v1/bookings/{booking['id']}/complete", headers=tenant.headers)
    await tamper(
        database,
        customer.id,
        total_bookings=3,
        total_spent=99,
        last_booking_at=datetime(2020, 1, 1, tzinfo=UTC),
        active_subscriptions=1,
        active_subscription=True,
    )

    report = await verify_stats(database)

    assert [line.split("\t")[:2] for line in report] == [
        [customer.id, "total_bookings"],
        [customer.id, "total_spent"],
        [customer.id, "last_booking_at"],
        [customer.id, "active_subscriptions"],
        [customer.id, "active_subscription"],
    ]
    assert "expected=2026-02-15T10:00:00Z" in report[2]
    assert all(clean.id not in line for line in report)


def test_stats_verify_command(cli_database: str, database: Database) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["stats", "verify"]).exit_code == 0

    async def drift() -> str:
        # Its own engine: this test runs outside the suite's event loop.
        own = Database(cli_database, pool_size=1)
        try:
            tenant = await make_tenant(own, name="cli", mode="test")
            customer_id = (await make_customer(own, tenant)).id
            await tamper(own, customer_id, total_spent=5)
            return customer_id
        finally:
            await own.dispose()

    customer_id = asyncio.run(drift())
    result = runner.invoke(app, ["stats", "verify"])

    assert result.exit_code == 1
    assert f"{customer_id}\ttotal_spent\tstored=5\texpected=0" in result.stdout


def test_stats_verify_recounts_the_list_counters(cli_database: str, database: Database) -> None:
    """A counter the triggers did not keep (moved here by hand) is reported with its key."""
    runner = CliRunner()

    async def drift() -> Tenant:
        own = Database(cli_database, pool_size=1)
        try:
            tenant = await make_tenant(own, name="counted", mode="test")
            await make_customer(own, tenant)
            async with own.transaction() as session:
                await session.execute(
                    update(CustomerDayCount)
                    .where(CustomerDayCount.account_id == tenant.account_id)
                    .values(n=CustomerDayCount.n + 2)
                )
            return tenant
        finally:
            await own.dispose()

    tenant = asyncio.run(drift())
    result = runner.invoke(app, ["stats", "verify"])

    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if tenant.account_id in line]
    assert line.startswith(f"customer_day_counts\t{tenant.account_id}/test//")
    assert line.endswith("/active/false\tstored=3\texpected=1")


async def deactivate(database: Database, customer_id: str) -> None:
    """What DELETE /v1/customers/:id does (customers stream): lock, mark, cascade."""
    async with database.transaction() as session:
        await session.execute(
            select(Customer.id).where(Customer.id == customer_id).with_for_update()
        )
        await session.execute(
            update(Customer).where(Customer.id == customer_id).values(status="deactivated")
        )
        await cancel_future_bookings(session, customer_id=customer_id)
        await cancel_active_subscriptions(session, customer_id=customer_id)


async def test_deactivation_racing_new_work_leaves_nothing_running(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await make_customer(database, tenant)
    booking = booking_body(customer, scheduled_at="2099-01-01T10:00:00Z")

    responses = await asyncio.gather(
        *(client.post("/v1/bookings", json=booking, headers=tenant.headers) for _ in range(4)),
        *(
            client.post(
                "/v1/subscriptions", json=subscription_body(customer), headers=tenant.headers
            )
            for _ in range(4)
        ),
        deactivate(database, customer.id),
    )

    assert all(r.status_code in (201, 409) for r in responses[:8])
    scheduled = await client.get(
        f"/v1/customers/{customer.id}/bookings?status=scheduled", headers=tenant.headers
    )
    assert scheduled.json()["data"] == []
    running = await client.get(
        f"/v1/subscriptions?customer_id={customer.id}&status=active", headers=tenant.headers
    )
    assert running.json()["data"] == []
    assert (await stats_of(database, customer.id))["active_subscription"] is False
    assert await verify_stats(database) == []
