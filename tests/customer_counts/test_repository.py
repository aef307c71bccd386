"""Totals from the counters equal what COUNT(*) would say, filters and search terms included."""

from otesse.core.db import Database
from otesse.customer_counts.repository import customer_total, register_term, term_total
from otesse.customers.filters import SEARCH
from tests.customer_counts.factories import customer
from tests.factories import Tenant


async def test_totals_by_status_and_subscription(database: Database, tenant: Tenant) -> None:
    async with database.transaction() as session:
        rows = [customer(tenant, f"Ann{i}", f"ann{i}@example.com") for i in range(4)]
        rows[0].status = "inactive"
        rows[1].active_subscription, rows[1].active_subscriptions = True, 1
        session.add_all(rows)
    where = {"account_id": tenant.account_id, "mode": tenant.mode}
    async with database.transaction() as session:
        assert await customer_total(session, **where) == 4
        assert await customer_total(session, **where, status="active") == 3
        assert (
            await customer_total(session, **where, status="active", active_subscription=True) == 1
        )
        assert await customer_total(session, **where, active_subscription=False) == 3
        assert await customer_total(session, account_id="acct_other", mode="test") == 0


async def test_a_registered_term_total_follows_later_writes(
    database: Database, tenant: Tenant
) -> None:
    where = {"account_id": tenant.account_id, "mode": tenant.mode}
    async with database.transaction() as session:
        session.add_all(
            [
                customer(tenant, "John", "j1@example.com"),
                customer(tenant, "Johnny", "x@example.com", status="inactive"),
                customer(tenant, "Mary", "m@example.com"),
            ]
        )
    async with database.transaction() as session:
        assert await term_total(session, **where, term="john") is None
        assert await register_term(
            session, **where, term="john", matches=SEARCH.condition("john"), total=0
        )
    async with database.transaction() as session:
        session.add(customer(tenant, "Mary", "john.doe@example.com"))
    async with database.transaction() as session:
        assert await term_total(session, **where, term="john") == 3
        assert await term_total(session, **where, term="john", status="inactive") == 1
        assert await term_total(session, **where, term="john", active_subscription=True) == 0
