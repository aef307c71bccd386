"""The generic outbox: enqueue in a transaction, claims under a lease, retries, dead letters."""

import asyncio

import pytest

from otesse.core import outbox
from otesse.core.db import Database
from tests.factories import Tenant


async def _enqueue(database: Database, tenant: Tenant, count: int = 1) -> list[str]:
    async with database.transaction() as session:
        return [
            await outbox.enqueue(
                session,
                topic="test",
                payload={"n": n},
                account_id=tenant.account_id,
                mode=tenant.mode,
                message_id_domain="example.com",
            )
            for n in range(count)
        ]


async def _claim(database: Database, worker: str, *, lease: float = 5.0) -> list[str]:
    async with database.transaction() as session:
        claimed = await outbox.claim(session, worker_id=worker, limit=10, lease_seconds=lease)
    return [entry.id for entry in claimed]


async def test_a_message_is_claimed_once_until_its_lease_runs_out(
    database: Database, tenant: Tenant
) -> None:
    [outbox_id] = await _enqueue(database, tenant)

    assert await _claim(database, "a", lease=0.3) == [outbox_id]
    assert await _claim(database, "b") == []
    await asyncio.sleep(0.4)
    assert await _claim(database, "b") == [outbox_id]

    async with database.session() as session:
        entry = await outbox.get(session, outbox_id)
    assert entry is not None
    assert (entry.status, entry.attempts, entry.payload) == ("sending", 2, {"n": 0})
    assert entry.message_id == f"<{outbox_id}@example.com>"


async def test_only_the_claim_holder_may_retry_or_dead_letter(
    database: Database, tenant: Tenant
) -> None:
    [outbox_id] = await _enqueue(database, tenant)
    await _claim(database, "a")
    async with database.transaction() as session:
        assert not await outbox.mark_retry(
            session, outbox_id, worker_id="b", error="x", delay_seconds=0
        )
        assert not await outbox.mark_dead(session, outbox_id, worker_id="b", error="x")
        assert await outbox.mark_retry(
            session, outbox_id, worker_id="a", error="SMTP 451", delay_seconds=60
        )
    # Waiting out its backoff: not due yet.
    assert await _claim(database, "b") == []
    async with database.transaction() as session:
        entry = await outbox.requeue(session, outbox_id)
    assert entry is not None and (entry.status, entry.attempts) == ("pending", 0)
    assert await _claim(database, "b") == [outbox_id]
    async with database.transaction() as session:
        assert await outbox.mark_sent(session, outbox_id)
        assert await outbox.requeue(session, outbox_id) is None
        listed = await outbox.list_messages(session, statuses=("sent",))
    assert [entry.id for entry in listed] == [outbox_id]


async def test_a_rolled_back_enqueue_leaves_nothing(database: Database, tenant: Tenant) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            await outbox.enqueue(
                session,
                topic="test",
                payload={},
                account_id=tenant.account_id,
                mode=tenant.mode,
                message_id_domain="example.com",
            )
            raise RuntimeError("the business change failed")
    assert await _claim(database, "a") == []


async def test_concurrent_claims_skip_each_others_rows(database: Database, tenant: Tenant) -> None:
    if database.is_sqlite:
        pytest.skip("SQLite serialises writers; SKIP LOCKED is a PostgreSQL case")
    await _enqueue(database, tenant, count=6)
    async with database.transaction() as first:
        held = await outbox.claim(first, worker_id="a", limit=3, lease_seconds=5)
        # While the first claim is uncommitted, a second one takes the other rows at once.
        async with database.transaction() as second:
            other = await asyncio.wait_for(
                outbox.claim(second, worker_id="b", limit=10, lease_seconds=5), timeout=5
            )
    assert len(held) == 3 and len(other) == 3
    assert not {entry.id for entry in held} & {entry.id for entry in other}


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    delays = [outbox.backoff_seconds(n, base=10, maximum=100) for n in range(1, 7)]
    for attempt, delay in enumerate(delays, start=1):
        full = min(100, 10 * 2 ** (attempt - 1))
        assert full / 2 <= delay <= full
    assert len({outbox.backoff_seconds(3, base=10, maximum=100) for _ in range(20)}) > 1
