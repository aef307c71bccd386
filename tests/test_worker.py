"""The outbox worker: several at once, crashes, wake-ups, and running inside the app."""

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from otesse.app import create_app
from otesse.config import Settings
from otesse.core import outbox
from otesse.core.db import Database
from otesse.invitations.service import queue_invitation
from otesse.models import Customer, OutboxMessage
from tests.factories import Tenant
from tests.invitations.factories import create_invited_customer, new_customer
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.support.processes import child_env
from tests.workers import (
    PUBLIC_URL,
    TEST_SECRET,
    eventually,
    fast_settings,
    make_worker,
    run_workers_until,
)


async def _statuses(database: Database) -> list[str]:
    async with database.session() as session:
        return list(await session.scalars(select(OutboxMessage.status)))


async def _all_sent(database: Database) -> bool:
    statuses = await _statuses(database)
    return bool(statuses) and set(statuses) == {"sent"}


async def test_two_workers_on_one_postgresql_outbox_send_each_message_once(
    database: Database, database_url: str, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    if database.is_sqlite:
        pytest.skip("SQLite serialises writers in one file: several workers is a PostgreSQL case")
    async with database.transaction() as session:
        for _ in range(200):
            customer = new_customer(tenant)
            session.add(customer)
            await session.flush()
            await queue_invitation(session, customer=customer)
    worker_settings = fast_settings(settings, mail_url=smtp.url, outbox_batch_size=5)
    second_database = Database(database_url, pool_size=5)
    try:
        workers = [
            make_worker(database, worker_settings, "a"),
            make_worker(second_database, worker_settings, "b"),
        ]
        await run_workers_until(workers, lambda: _all_sent(database), timeout=60)
    finally:
        await second_database.dispose()

    received = smtp.handler.per_message_id()
    assert len(received) == 200 and set(received.values()) == {1}
    async with database.session() as session:
        attempts = set(await session.scalars(select(OutboxMessage.attempts)))
        by_worker = await session.execute(
            select(OutboxMessage.claimed_by, func.count()).group_by(OutboxMessage.claimed_by)
        )
        sent = await session.scalar(
            select(func.count()).where(Customer.invitation_status == "sent")
        )
    assert attempts == {1}
    assert {worker for worker, _ in by_worker} == {"test:a", "test:b"}
    assert sent == 200


async def test_a_claim_abandoned_by_a_dead_worker_is_sent_after_its_lease(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    customer = await create_invited_customer(database, tenant)
    async with database.transaction() as session:
        [claimed] = await outbox.claim(session, worker_id="ghost", limit=5, lease_seconds=0.5)
    worker_settings = fast_settings(settings, mail_url=smtp.url)
    started = time.monotonic()

    await run_workers_until([make_worker(database, worker_settings)], lambda: _all_sent(database))

    assert time.monotonic() - started >= 0.4
    [message] = smtp.handler.messages
    assert message["Message-ID"] == claimed.message_id
    async with database.session() as session:
        row = await session.get(OutboxMessage, claimed.id)
        shown = await session.get(Customer, customer.id)
    assert row is not None and (row.attempts, row.claimed_by) == (2, "test:w1")
    assert shown is not None and shown.invitation_status == "sent"


@pytest.fixture
def worker_process_env(database_url: str, tmp_path: object) -> Iterator[dict[str, str]]:
    env = child_env()
    env.update(
        OTESSE_DATABASE_URL=database_url,
        OTESSE_SECRET_KEY=TEST_SECRET,
        OTESSE_PUBLIC_URL=PUBLIC_URL,
        OTESSE_OUTBOX_LEASE_SECONDS="1.5",
        OTESSE_OUTBOX_POLL_SECONDS="0.1",
        OTESSE_MAIL_TIMEOUT_SECONDS="1",
    )
    yield env


async def _worker_stuck_sending(env: dict[str, str], smtp: SmtpServer) -> subprocess.Popen[bytes]:
    """`otesse worker` in a process of its own, held by ``smtp`` in the middle of a send."""
    smtp.handler.stall_first = True
    process = subprocess.Popen(
        [sys.executable, "-c", "from otesse.cli import main; main()", "worker"],
        env={**env, "OTESSE_MAIL_URL": smtp.url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await eventually(lambda: asyncio.to_thread(smtp.handler.stalled.wait, 0.1), timeout=20)
    except BaseException:
        _reap(process)
        raise
    return process


async def test_a_send_slower_than_the_lease_keeps_its_claim_and_is_sent_once(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    """The mail server takes three leases to answer; the other worker polls all along."""
    await create_invited_customer(database, tenant)
    smtp.handler.stall_first = True
    smtp.handler.stall_reply = "250 OK at last"
    lease = 0.6
    worker_settings = fast_settings(
        settings, mail_url=smtp.url, outbox_lease_seconds=lease, mail_timeout_seconds=10.0
    )
    workers = [make_worker(database, worker_settings, name) for name in ("a", "b")]
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        await eventually(lambda: asyncio.to_thread(smtp.handler.stalled.wait, 0.1))
        await asyncio.sleep(3 * lease)
        smtp.handler.release.set()
        await eventually(lambda: _all_sent(database))
    finally:
        for worker in workers:
            worker.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)

    assert set(smtp.handler.per_message_id().values()) == {1}
    async with database.session() as session:
        [row] = await session.scalars(select(OutboxMessage))
    assert row.attempts == 1


def _reap(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=5)


async def test_a_worker_killed_mid_send_leaves_nothing_stuck(
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
    worker_process_env: dict[str, str],
) -> None:
    await create_invited_customer(database, tenant)
    process = await _worker_stuck_sending(worker_process_env, smtp)
    try:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=5)
    finally:
        _reap(process)
    assert await _statuses(database) == ["sending"]

    # The server got the data but never answered; the killed worker cannot say it was sent.
    worker_settings = fast_settings(settings, mail_url=smtp.url)
    await run_workers_until([make_worker(database, worker_settings)], lambda: _all_sent(database))
    smtp.handler.release.set()

    first, second = smtp.handler.messages
    # The same message, to the byte: Message-ID, link, MIME boundary and all.
    assert first["Message-ID"] == second["Message-ID"]
    assert first.as_bytes() == second.as_bytes()


async def test_sigterm_lets_the_worker_finish_the_message_in_hand(
    database: Database,
    tenant: Tenant,
    smtp: SmtpServer,
    worker_process_env: dict[str, str],
) -> None:
    await create_invited_customer(database, tenant)
    smtp.handler.stall_reply = "250 OK at last"
    process = await _worker_stuck_sending(worker_process_env, smtp)
    try:
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.3)
        assert process.poll() is None  # still finishing its send
        smtp.handler.release.set()
        exit_code = await asyncio.to_thread(process.wait, 10)
    finally:
        _reap(process)

    assert exit_code == 0
    assert await _statuses(database) == ["sent"]
    assert len(smtp.handler.messages) == 1


async def test_sigterm_past_the_grace_releases_what_the_worker_holds(
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
    worker_process_env: dict[str, str],
) -> None:
    await create_invited_customer(database, tenant)
    env = {**worker_process_env, "OTESSE_SHUTDOWN_GRACE_SECONDS": "0.3"}
    process = await _worker_stuck_sending(env, smtp)  # and the server never answers
    try:
        process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.to_thread(process.wait, 10)
    finally:
        _reap(process)

    assert exit_code == 0
    async with database.session() as session:
        status, attempts, claimed_by = (
            await session.execute(
                select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.claimed_by)
            )
        ).one()
    # Due again at once for any worker (not after its lease), the cut attempt not counted.
    assert (status, attempts, claimed_by) == ("pending", 0, None)
    smtp.handler.release.set()
    worker_settings = fast_settings(settings, mail_url=smtp.url)
    await run_workers_until([make_worker(database, worker_settings)], lambda: _all_sent(database))


async def test_a_new_message_is_picked_up_within_a_second(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    # The poll is slow here: on PostgreSQL the NOTIFY wakes the worker; SQLite's default poll
    # is one second, and so is the one behind PgBouncer (no LISTEN in transaction mode).
    listens = not database.is_sqlite and not database.sessions_last_one_transaction
    slow_poll = 5.0 if listens else 1.0
    worker_settings = fast_settings(settings, mail_url=smtp.url, outbox_poll_seconds=slow_poll)
    worker = make_worker(database, worker_settings)
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(0.5)  # idle, listening
        started = time.monotonic()
        await create_invited_customer(database, tenant)
        await eventually(lambda: _all_sent(database), timeout=10)
        elapsed = time.monotonic() - started
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
    assert elapsed < 1.5


async def test_the_app_runs_a_worker_unless_told_not_to(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    await create_invited_customer(database, tenant)

    idle_app = create_app(
        fast_settings(settings, mail_url=smtp.url, run_worker=False), database=database
    )
    async with idle_app.router.lifespan_context(idle_app):
        await asyncio.sleep(0.3)
    assert await _statuses(database) == ["pending"]

    app = create_app(fast_settings(settings, mail_url=smtp.url), database=database)
    async with app.router.lifespan_context(app):
        await eventually(lambda: _all_sent(database), timeout=10)
    assert len(smtp.handler.messages) == 1


async def test_a_message_whose_workers_keep_dying_is_given_up(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    customer = await create_invited_customer(database, tenant)
    for _ in range(2):
        async with database.transaction() as session:
            assert await outbox.claim(session, worker_id="ghost", limit=5, lease_seconds=0.1)
        await asyncio.sleep(0.15)
    worker_settings = fast_settings(settings, mail_url=smtp.url, outbox_max_attempts=2)

    async def dead() -> bool:
        return await _statuses(database) == ["dead"]

    await run_workers_until([make_worker(database, worker_settings)], dead)

    assert smtp.handler.messages == []
    async with database.session() as session:
        shown = await session.get(Customer, customer.id)
    assert shown is not None and shown.invitation_status == "failed"
