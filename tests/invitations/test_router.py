"""POST /v1/customers/{id}/invitation: a new invitation that supersedes the old link."""

import re

import httpx
from sqlalchemy import select

from otesse.config import Settings
from otesse.core.db import Database
from otesse.invitations.service import invitation_for_token
from otesse.models import Customer, OutboxMessage
from tests.factories import Tenant, make_tenant
from tests.invitations.factories import create_invited_customer
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.workers import PUBLIC_URL, fast_settings, make_worker, run_workers_until

LINK = re.compile(re.escape(PUBLIC_URL) + r"/invitations/([A-Za-z0-9_-]+)")


async def _status(database: Database, customer_id: str) -> str | None:
    async with database.session() as session:
        customer = await session.get(Customer, customer_id)
        assert customer is not None
        return customer.invitation_status


async def _deliver_all(database: Database, settings: Settings, server: SmtpServer) -> None:
    async def all_done() -> bool:
        async with database.session() as session:
            statuses = set(await session.scalars(select(OutboxMessage.status)))
        return statuses <= {"sent", "cancelled", "dead"}

    worker = make_worker(database, fast_settings(settings, mail_url=server.url))
    await run_workers_until([worker], all_done)


def _tokens(server: SmtpServer) -> list[str]:
    bodies = [m.get_body(("plain",)).get_content() for m in server.handler.messages]  # type: ignore[union-attr]
    return [LINK.findall(body)[0] for body in bodies]


async def test_resending_supersedes_the_old_link(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    customer = await create_invited_customer(database, tenant, first_name="Rita")
    await _deliver_all(database, settings, smtp)
    [first_token] = _tokens(smtp)

    response = await client.post(f"/v1/customers/{customer.id}/invitation", headers=tenant.headers)

    assert response.status_code == 202
    body = response.json()
    assert body["customer_id"] == customer.id
    assert (body["status"], body["sent_at"]) == ("pending", None)
    assert body["expires_at"].endswith("Z")
    assert await _status(database, customer.id) == "pending"
    async with database.session() as session:
        assert await invitation_for_token(session, first_token) is None

    await _deliver_all(database, settings, smtp)
    first, second = _tokens(smtp)
    assert first == first_token and second != first_token
    assert await _status(database, customer.id) == "sent"
    messages = smtp.handler.messages
    assert messages[0]["Message-ID"] != messages[1]["Message-ID"]
    async with database.session() as session:
        assert await invitation_for_token(session, first_token) is None
        assert await invitation_for_token(session, second) is not None


async def test_two_resends_before_sending_send_only_the_newest(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    customer = await create_invited_customer(database, tenant)
    for _ in range(2):
        response = await client.post(
            f"/v1/customers/{customer.id}/invitation", headers=tenant.headers
        )
        assert response.status_code == 202

    await _deliver_all(database, settings, smtp)

    [token] = _tokens(smtp)
    async with database.session() as session:
        assert await invitation_for_token(session, token) is not None
        statuses = sorted(await session.scalars(select(OutboxMessage.status)))
    assert statuses == ["cancelled", "cancelled", "sent"]
    assert await _status(database, customer.id) == "sent"


async def test_unknown_and_foreign_customers_are_404(
    client: httpx.AsyncClient, database: Database, tenant: Tenant
) -> None:
    other = await make_tenant(database, name="globex")
    foreign = await create_invited_customer(database, other)

    for customer_id in ("cust_nope", foreign.id):
        response = await client.post(
            f"/v1/customers/{customer_id}/invitation", headers=tenant.headers
        )
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "not_found_error"


async def test_a_deactivated_customer_is_409(
    client: httpx.AsyncClient, database: Database, tenant: Tenant
) -> None:
    customer = await create_invited_customer(database, tenant)
    async with database.transaction() as session:
        row = await session.get(Customer, customer.id)
        assert row is not None
        row.status = "deactivated"

    response = await client.post(f"/v1/customers/{customer.id}/invitation", headers=tenant.headers)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "customer_deactivated"


async def test_without_a_key_it_is_401(client: httpx.AsyncClient, database: Database) -> None:
    response = await client.post("/v1/customers/cust_x/invitation")
    assert response.status_code == 401
