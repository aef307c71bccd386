"""`otesse seed`: realistic rows whose stats match, in bulk, refused on a seeded account."""

import asyncio

from sqlalchemy import text

from otesse.core.db import Database
from otesse.seeding.load import Request, SeedRefused, seed
from otesse.seeding.verify import STATS_MISMATCHES
from otesse.stats.counters import find_counter_differences


def _seed(database: Database, customers: int, account: str = "seeded") -> object:
    request = Request(
        database_url=database.url,
        account=account,
        mode="test",
        customers=customers,
        batch_size=100,
        workers=1,
    )
    return seed(request, lambda _n: None, lambda _line: None)


async def test_seeded_customers_have_consistent_stats_and_one_default_address(
    database: Database,
) -> None:
    await asyncio.to_thread(_seed, database, 250)

    async with database.transaction() as session:
        account_id = await session.scalar(text("SELECT id FROM accounts WHERE name = 'seeded'"))
        params = {"account_id": account_id, "mode": "test"}
        assert await session.scalar(text(STATS_MISMATCHES), params) == 0
        count = await session.scalar(
            text("SELECT count(*) FROM customers WHERE account_id = :account_id"), params
        )
        counted = await session.scalar(
            text("SELECT sum(n) FROM customer_counts WHERE account_id = :account_id"), params
        )
        completed = await session.scalar(
            text("SELECT count(*) FROM bookings WHERE status = 'completed'")
        )
        orphans = await session.scalar(text("SELECT count(*) FROM addresses WHERE zone_id IS NULL"))
        bookings = await session.scalar(text("SELECT count(*) FROM bookings"))
        kept_bookings = await session.scalar(text("SELECT sum(n) FROM booking_counts"))
        counter_differences = await find_counter_differences(session)
        # customer_day_counts (migration 0021): every customer once, and once per zone.
        by_day = dict(
            (
                await session.execute(
                    text(
                        "SELECT zone_id, sum(n) FROM customer_day_counts "
                        "WHERE account_id = :account_id GROUP BY zone_id"
                    ),
                    params,
                )
            ).all()
        )
        in_zones = dict(
            (
                await session.execute(
                    text(
                        "SELECT zone_id, count(DISTINCT customer_id) FROM addresses "
                        "WHERE account_id = :account_id GROUP BY zone_id"
                    ),
                    params,
                )
            ).all()
        )
        row = (
            await session.execute(
                text(
                    "SELECT first_name, last_name, email, email_key, phone, search_text "
                    "FROM customers WHERE phone IS NOT NULL LIMIT 1"
                )
            )
        ).one()
    assert count == counted == by_day.pop("") == 250
    assert by_day == in_zones and len(in_zones) > 1
    assert kept_bookings == bookings > 0
    assert counter_differences == []  # the seed recounts every counter once
    assert completed > 0
    assert orphans == 0
    first, last, email, email_key, phone, search_text = row
    assert email_key == email.casefold()
    assert search_text == f"{first} {last} {last} {first} {email} {phone[1:]}".casefold()


async def test_an_account_that_already_has_customers_is_refused(database: Database) -> None:
    await asyncio.to_thread(_seed, database, 20)

    try:
        await asyncio.to_thread(_seed, database, 20)
    except SeedRefused:
        pass
    else:
        raise AssertionError("a second seed of the same account was accepted")
    async with database.transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM customers")) == 20


async def test_seeded_tags_are_listed_by_the_tag_filter(database: Database) -> None:
    """5% of seeded customers hold `vip` (the bench's `tag=` row), each tag in both copies
    (the customer's list and customer_tags), and counted by customer_tag_counts' triggers."""
    await asyncio.to_thread(_seed, database, 400)

    async with database.transaction() as session:
        vip = await session.scalar(text("SELECT count(*) FROM customer_tags WHERE tag_key = 'vip'"))
        tagged = await session.scalar(
            text("SELECT count(*) FROM customers WHERE CAST(tags AS TEXT) LIKE '%\"vip\"%'")
        )
        rows = await session.scalar(text("SELECT count(*) FROM customer_tags"))
        listed = await session.scalar(
            text("SELECT count(*) FROM customers WHERE CAST(tags AS TEXT) <> '[]'")
        )
        kept = await session.scalar(
            text("SELECT sum(n) FROM customer_tag_counts WHERE tag_key = 'vip'")
        )
    assert vip == tagged == kept == 20
    assert rows >= listed > vip
