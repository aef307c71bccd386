"""The counters of migration 0002 follow every committed write to customers, exactly."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import Database
from otesse.customer_counts.repository import register_term
from otesse.customers.filters import SEARCH
from otesse.customers.schemas import MAX_EMAIL_LENGTH
from otesse.models.counters import MAX_SEARCH_TEXT
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


GRAMS = (
    "SELECT gram, status, active_subscription, sum(n) FROM customer_gram_counts "
    "WHERE account_id = :account_id AND mode = :mode GROUP BY 1, 2, 3"
)


def grams_of(search_text: str) -> set[str]:
    """Every distinct piece of 1 or 2 characters: what a short search term can be."""
    return {search_text[i : i + w] for w in (1, 2) for i in range(len(search_text) - w + 1)}


async def _grams(session: AsyncSession, tenant: Tenant) -> dict[tuple[str, str, bool], int]:
    """The gram counters, checked against the customers' own texts counted in Python."""
    params = {"account_id": tenant.account_id, "mode": tenant.mode}
    kept = {
        (gram, status, bool(subscribed)): int(n)
        for gram, status, subscribed, n in await session.execute(text(GRAMS), params)
        if n
    }
    actual: dict[tuple[str, str, bool], int] = {}
    rows = await session.execute(
        text(
            "SELECT search_text, status, active_subscription FROM customers "
            "WHERE account_id = :account_id AND mode = :mode"
        ),
        params,
    )
    for search_text, status, subscribed in rows:
        for gram in grams_of(search_text):
            key = (gram, status, bool(subscribed))
            actual[key] = actual.get(key, 0) + 1
    assert kept == actual
    return kept


async def test_grams_follow_inserts_updates_and_deletes(database: Database, tenant: Tenant) -> None:
    async with database.transaction() as session:
        ann = customer(tenant, "Ann", "ann@example.com")
        # Repeated pieces count a customer once; casefolded text beyond ASCII counts by
        # character on both databases.
        zoe = customer(tenant, "Zoë Strauß", "zz@example.com")
        session.add_all([ann, zoe, customer(tenant, "Bo", "bo@example.com")])
    async with database.transaction() as session:
        counted = await _grams(session, tenant)
        assert counted[("an", "active", False)] == 1
        assert counted[("z", "active", False)] == 1
        assert counted[("ë", "active", False)] == 1
        assert counted[("@", "active", False)] == 3
        await session.execute(
            text(
                "UPDATE customers SET search_text = 'anna smith', status = 'inactive' "
                "WHERE id = :id"
            ),
            {"id": ann.id},
        )
        await session.execute(
            text("UPDATE customers SET active_subscription = true WHERE id = :id"), {"id": zoe.id}
        )
        await session.execute(text("UPDATE customers SET total_bookings = 3"))  # not counted
    async with database.transaction() as session:
        counted = await _grams(session, tenant)
        assert counted[("an", "inactive", False)] == 1
        assert ("an", "active", False) not in counted
        assert counted[("ë", "active", True)] == 1  # casefolded: ß became ss
        assert counted[("ss", "active", True)] == 1
        await session.execute(text("DELETE FROM customers WHERE id = :id"), {"id": zoe.id})
        await session.execute(
            text("UPDATE customers SET search_text = '' WHERE id = :id"), {"id": ann.id}
        )
    async with database.transaction() as session:
        counted = await _grams(session, tenant)
        assert {gram for gram, _, _ in counted} == grams_of("bo smith smith bo bo@example.com ")


async def test_grams_reach_the_end_of_the_longest_search_text(
    database: Database, tenant: Tenant
) -> None:
    # Four names of 100 characters, each of which casefolding may triple, an email and a
    # phone: the spans must reach past all of it, or the last pieces would go uncounted.
    longest = 4 * 100 * 3 + 3 * MAX_EMAIL_LENGTH + 3 + 16
    assert longest <= MAX_SEARCH_TEXT
    async with database.transaction() as session:
        far = customer(tenant, "Far", "qz@example.com")
        far.search_text = "x" * (longest - 20) + " qz@example.com"
        session.add(far)
    async with database.transaction() as session:
        counted = await _grams(session, tenant)
        assert counted[("qz", "active", False)] == 1
        assert counted[("xx", "active", False)] == 1
