"""A customer created through the API receives exactly one invitation through real SMTP."""

import httpx

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.workers import fast_settings, make_worker, run_workers_until

JANE = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane@example.com",
    "phone": "+15559876543",
    "address": {
        "label": "Home",
        "street": "456 Oak Ave",
        "city": "Springfield",
        "state": "OR",
        "zip": "97477",
    },
}


async def test_the_seed_create_sends_one_invitation(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    created = await client.post("/v1/customers", json=JANE, headers=tenant.headers)
    assert created.status_code == 201, created.text
    customer = created.json()
    assert customer["invitation"] == {"status": "pending", "sent_at": None, "accepted_at": None}
    # The same email again is refused, and a refused create queues nothing.
    duplicate = await client.post("/v1/customers", json=JANE, headers=tenant.headers)
    assert duplicate.status_code == 409

    async def shows_sent() -> bool:
        shown = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
        return bool(shown.json()["invitation"]["status"] == "sent")

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], shows_sent)

    [message] = smtp.handler.messages
    assert message["To"].addresses[0].addr_spec == "jane@example.com"
    assert "Hi Jane," in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    shown = (await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)).json()
    assert shown["invitation"]["sent_at"] is not None


async def test_send_invitation_false_sends_nothing(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    body = {**JANE, "send_invitation": False}
    created = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    assert created.json()["invitation"] is None

    # A later invited customer is delivered; the uninvited one never is.
    other = {**JANE, "email": "sam@example.com", "first_name": "Sam"}
    invited = (await client.post("/v1/customers", json=other, headers=tenant.headers)).json()

    async def invited_sent() -> bool:
        shown = await client.get(f"/v1/customers/{invited['id']}", headers=tenant.headers)
        return bool(shown.json()["invitation"]["status"] == "sent")

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], invited_sent)

    assert [m["To"].addresses[0].addr_spec for m in smtp.handler.messages] == ["sam@example.com"]


async def test_an_internationalised_domain_gets_its_invitation_through_smtp(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    """Before: ``max@münchen.de`` was accepted and its invitation dead-lettered
    (UnicodeEncodeError); the domain now travels in its IDNA form."""
    body = {"first_name": "Max", "last_name": "Muster", "email": "max@münchen.de"}
    created = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert created.status_code == 201, created.text
    customer_id = created.json()["id"]

    async def shows_sent() -> bool:
        shown = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
        return bool(shown.json()["invitation"]["status"] == "sent")

    worker = make_worker(database, fast_settings(settings, mail_url=smtp.url))
    await run_workers_until([worker], shows_sent)

    assert smtp.handler.rcpt_attempts == {"max@xn--mnchen-3ya.de": 1}
    [message] = smtp.handler.messages
    assert message["To"].addresses[0].addr_spec == "max@xn--mnchen-3ya.de"
