"""`otesse outbox list [--failed]` and `otesse outbox retry ID` against the suite's database."""

import asyncio

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from otesse.cli import app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.models import Customer, OutboxMessage
from tests.factories import Tenant
from tests.invitations.factories import create_invited_customer
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.test_cli import cli_database  # noqa: F401 - the fixture pointing the CLI here
from tests.workers import fast_settings, make_worker, run_workers_until

pytestmark = pytest.mark.usefixtures("cli_database")


async def _otesse(*args: str) -> Result:
    # The command runs its own event loop, so it gets a thread of its own.
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


async def _customer_status(database: Database, customer_id: str) -> str | None:
    async with database.session() as session:
        customer = await session.get(Customer, customer_id)
        assert customer is not None
        return customer.invitation_status


async def test_list_failed_then_retry_sends_it(
    database: Database, settings: Settings, tenant: Tenant, smtp: SmtpServer
) -> None:
    refused = await create_invited_customer(database, tenant, email="bounce@example.com")
    smtp.handler.refuse.add("bounce@example.com")
    worker_settings = fast_settings(settings, mail_url=smtp.url)

    async def failed() -> bool:
        return await _customer_status(database, refused.id) == "failed"

    await run_workers_until([make_worker(database, worker_settings)], failed)
    async with database.session() as session:
        [row] = await session.scalars(select(OutboxMessage))

    listed = await _otesse("outbox", "list", "--failed")
    assert listed.exit_code == 0, listed.output
    [line] = listed.stdout.splitlines()
    outbox_id, topic, status, attempts, _, message_id, error = line.split("\t")
    assert (outbox_id, topic, status, attempts) == (row.id, "invitation", "dead", "1")
    assert message_id == row.message_id and "550" in error
    assert "bounce@example.com" not in listed.stdout

    smtp.handler.refuse.clear()  # the mailbox is fixed
    retried = await _otesse("outbox", "retry", row.id)
    assert retried.exit_code == 0, retried.output
    assert await _customer_status(database, refused.id) == "pending"
    assert (await _otesse("outbox", "list", "--failed")).stdout == ""

    async def sent() -> bool:
        return await _customer_status(database, refused.id) == "sent"

    await run_workers_until([make_worker(database, worker_settings)], sent)
    [message] = smtp.handler.messages
    assert message["Message-ID"] == row.message_id
    assert "\tsent\t" in (await _otesse("outbox", "list")).stdout


async def test_retrying_an_unknown_message_fails(database: Database) -> None:
    result = await _otesse("outbox", "retry", "obx_nope")
    assert result.exit_code == 1
    assert "no message obx_nope" in result.output
