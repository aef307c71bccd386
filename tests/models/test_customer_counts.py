"""The counters of migration 0002 follow every committed write to customers, exactly."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import Database
from otesse.customer_counts.repository import register_term
from otesse.customers.filters import SEARCH
from tests.customer_counts.factories import customer
from tests.factories import Tenant

COUNTS = (
    "SELECT status, active_subscription, sum(n) FROM customer_counts "
    "WHERE account_id = :account_id AND mode = :mode GROUP BY 1, 2"
)
ACTUAL = (
    "SELECT status, active_subscription, count(*) FROM customers "
    "WHERE account_id = :account_id AND mode = :mode GROUP BY 1, 2"
)
TERM = (
    "SELECT coalesce(sum(n), 0) FROM customer_term_counts "
    "WHERE account_id = :account_id AND mode = :mode AND term = :term"
)


async def _counts(session: AsyncSession, tenant: Tenant) -> dict[tuple[str, bool], int]:
    params = {"account_id": tenant.account_id, "mode": tenant.mode}
    kept = {(s, bool(a)): int(n) for s, a, n in await session.execute(text(COUNTS), params)}
    actual = {(s, bool(a)): int(n) for s, a, n in await session.execute(text(ACTUAL), params)}
    assert {key: n for key, n in kept.items() if n} == actual
    return actual


async def test_counts_follow_inserts_updates_and_deletes(
    database: Database, tenant: Tenant
) -> None:
    async with database.transaction() as session:
        customers = [customer(tenant, f"Ann{i}", f"ann{i}@example.com") for i in range(5)]
        session.add_all(customers)
    async with database.transaction() as session:
        assert await _counts(session, tenant) == {("active", False): 5}
        await session.execute(
            text("UPDATE customers SET status = 'inactive' WHERE id = :id"), {"id": customers[0].id}
        )
        await session.execute(
            text(
                "UPDATE customers SET active_subscription = true, active_subscriptions = 1 "
                "WHERE id = :id"
            ),
            {"id": customers[1].id},
        )
        await session.execute(text("UPDATE customers SET total_bookings = 3"))  # not counted
        await session.execute(text("DELETE FROM customers WHERE id = :id"), {"id": customers[2].id})
    async with database.transaction() as session:
        assert await _counts(session, tenant) == {
            ("inactive", False): 1,
            ("active", True): 1,
            ("active", False): 2,
        }


async def test_a_registered_term_is_counted_on_every_write(
    database: Database, tenant: Tenant
) -> None:
    params = {"account_id": tenant.account_id, "mode": tenant.mode, "term": "john"}
    async with database.transaction() as session:
        assert await register_term(
            session,
            account_id=tenant.account_id,
            mode=tenant.mode,
            term="john",
            matches=SEARCH.condition("john"),
            total=0,
        )
    async with database.transaction() as session:
        john = customer(tenant, "John", "j@example.com")
        session.add_all(
            [
                john,
                customer(tenant, "Mary", "m@example.com"),
                customer(tenant, "Mary", "johnny@example.com"),
            ]
        )
    async with database.transaction() as session:
        assert await session.scalar(text(TERM), params) == 2
        await session.execute(
            text(
                "UPDATE customers SET search_text = 'jon smith', status = 'inactive' WHERE id = :id"
            ),
            {"id": john.id},
        )
    async with database.transaction() as session:
        assert await session.scalar(text(TERM), params) == 1
