"""Invitations delivered through a real SMTP server by the real worker, on both databases."""

import re

from sqlalchemy import func, select

from otesse.config import Settings
from otesse.core.db import Database
from otesse.invitations.service import invitation_for_token, queue_invitation
from otesse.invitations.tokens import hash_token
from otesse.models import Customer, Invitation, OutboxMessage
from tests.factories import Tenant
from tests.invitations.factories import create_invited_customer, new_customer
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.workers import PUBLIC_URL, fast_settings, make_worker, run_workers_until

LINK = re.compile(re.escape(PUBLIC_URL) + r"/invitations/([A-Za-z0-9_-]+)")


async def _customer(database: Database, customer_id: str) -> Customer:
    async with database.session() as session:
        customer = await session.get(Customer, customer_id)
        assert customer is not None
        return customer


async def _outbox(database: Database) -> list[OutboxMessage]:
    async with database.session() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_the_invitation_arrives_with_both_parts_a_greeting_and_a_working_link(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    customer = await create_invited_customer(database, tenant, first_name="Jane")
    assert (await _customer(database, customer.id)).invitation_status == "pending"
    worker_settings = fast_settings(settings, mail_url=smtp.url)

    async def delivered() -> bool:
        return (await _customer(database, customer.id)).invitation_status == "sent"

    await run_workers_until([make_worker(database, worker_settings)], delivered)

    [message] = smtp.handler.messages
    [row] = await _outbox(database)
    assert message["To"].addresses[0].addr_spec == customer.email
    assert message["From"] == worker_settings.mail_from
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith("<obx_") and row.message_id.endswith("@otesse.com>")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("Hi Jane,") and "Hi Jane," in html
    [token] = set(LINK.findall(text))
    assert LINK.findall(html) == [token, token]

    shown = await _customer(database, customer.id)
    assert shown.invitation_status == "sent" and shown.invitation_sent_at is not None
    assert (row.status, row.attempts) == ("sent", 1)
    async with database.session() as session:
        invitation = await invitation_for_token(session, token)
        assert invitation is not None and invitation.customer_id == customer.id
        # Only the hash is kept; the token appears nowhere in the database.
        assert invitation.token_hash == hash_token(token)
        assert token not in row.payload
        assert await invitation_for_token(session, token[:-1] + "x") is None


async def test_a_first_name_is_escaped_in_html(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    customer = await create_invited_customer(database, tenant, first_name="<b>Al</b> & Co")

    async def delivered() -> bool:
        return (await _customer(database, customer.id)).invitation_status == "sent"

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], delivered)

    [message] = smtp.handler.messages
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Hi &lt;b&gt;Al&lt;/b&gt; &amp; Co," in html and "<b>Al</b>" not in html
    assert text.startswith("Hi <b>Al</b> & Co,")


async def test_a_rolled_back_create_sends_nothing(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    async with database.session() as session, session.begin() as transaction:
        customer = new_customer(tenant)
        session.add(customer)
        await session.flush()
        await queue_invitation(session, customer=customer)
        await transaction.rollback()
    # A committed customer afterwards: once it is delivered, the worker has looked.
    later = await create_invited_customer(database, tenant, first_name="Later")

    async def delivered() -> bool:
        return (await _customer(database, later.id)).invitation_status == "sent"

    await run_workers_until(
        [make_worker(database, fast_settings(settings, mail_url=smtp.url))], delivered
    )

    assert [m["To"].addresses[0].addr_spec for m in smtp.handler.messages] == [later.email]
    assert len(await _outbox(database)) == 1


async def test_smtp_down_for_a_while_then_up_loses_nothing_and_duplicates_nothing(
    database: Database, settings: Settings, tenant: Tenant
) -> None:
    server = SmtpServer()  # its port refuses connections until it starts
    customers = [await create_invited_customer(database, tenant) for _ in range(5)]
    worker_settings = fast_settings(settings, mail_url=server.url)

    async def retried() -> bool:
        return all(row.attempts >= 2 for row in await _outbox(database))

    async def all_sent() -> bool:
        return all(row.status == "sent" for row in await _outbox(database))

    await run_workers_until([make_worker(database, worker_settings)], retried)
    assert {(await _customer(database, c.id)).invitation_status for c in customers} == {"pending"}
    assert {row.status for row in await _outbox(database)} == {"pending"}
    assert all("Connect" in (row.last_error or "") for row in await _outbox(database))

    server.start()
    try:
        await run_workers_until([make_worker(database, worker_settings)], all_sent)
    finally:
        server.stop()
    received = server.handler.per_message_id()
    assert sorted(received) == sorted(row.message_id for row in await _outbox(database))
    assert set(received.values()) == {1}
    assert {(await _customer(database, c.id)).invitation_status for c in customers} == {"sent"}


async def test_a_refused_recipient_fails_at_once_without_retries(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    refused = await create_invited_customer(database, tenant, email="nobody@example.com")
    smtp.handler.refuse.add("nobody@example.com")

    async def settled() -> bool:
        return (await _customer(database, refused.id)).invitation_status == "failed"

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], settled)

    [row] = await _outbox(database)
    assert (row.status, row.attempts) == ("dead", 1)
    assert row.last_error is not None and "550" in row.last_error
    assert "nobody@example.com" not in row.last_error
    assert smtp.handler.rcpt_attempts["nobody@example.com"] == 1
    assert smtp.handler.messages == []
    assert (await _customer(database, refused.id)).invitation_sent_at is None


async def test_the_last_transient_failure_dead_letters_and_marks_the_invitation_failed(
    database: Database, settings: Settings, tenant: Tenant
) -> None:
    customer = await create_invited_customer(database, tenant)
    down = SmtpServer()  # never started
    worker_settings = fast_settings(settings, mail_url=down.url, outbox_max_attempts=3)

    async def failed() -> bool:
        return (await _customer(database, customer.id)).invitation_status == "failed"

    await run_workers_until([make_worker(database, worker_settings)], failed)
    [row] = await _outbox(database)
    assert (row.status, row.attempts) == ("dead", 3)


async def test_file_transport_writes_one_eml_per_message(
    database: Database, settings: Settings, tenant: Tenant, tmp_path: object
) -> None:
    from pathlib import Path

    directory = Path(str(tmp_path)) / "mail"
    customer = await create_invited_customer(database, tenant, first_name="Filed")

    async def delivered() -> bool:
        return (await _customer(database, customer.id)).invitation_status == "sent"

    worker = make_worker(database, fast_settings(settings, mail_url=f"file://{directory}"))
    await run_workers_until([worker], delivered)

    [eml] = list(directory.glob("*.eml"))
    assert "Hi Filed," in eml.read_text()
    [row] = await _outbox(database)
    assert row.message_id.strip("<>") == eml.stem


async def test_only_hashes_are_stored_for_tokens(database: Database, tenant: Tenant) -> None:
    await create_invited_customer(database, tenant)
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(Invitation)) == 1
        # Not derived until the worker sends it.
        assert await session.scalar(select(Invitation.token_hash)) is None


async def test_a_customer_deactivated_before_sending_is_cancelled_not_failed(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    customer = await create_invited_customer(database, tenant, first_name="Dora")
    async with database.transaction() as session:
        row = await session.get(Customer, customer.id)
        assert row is not None
        row.status = "deactivated"

    async def finished() -> bool:
        return {row.status for row in await _outbox(database)} == {"cancelled"}

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], finished)
    assert smtp.handler.messages == []
    [row] = await _outbox(database)
    assert (row.status, row.attempts) == ("cancelled", 1)
    # Nothing failed: the customer's invitation is not shown as failed.
    assert (await _customer(database, customer.id)).invitation_status == "pending"
