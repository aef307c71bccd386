"""GET/POST /invitations/{token}: the page a customer opens from the invitation email."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, update

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.models import Consent, Invitation
from otesse.models.base import utcnow
from tests.factories import SEED_CREATE, Tenant
from tests.pages.links import csrf_of, issue_link

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
async def jane(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, object]:
    response = await client.post("/v1/customers", json=SEED_CREATE, headers=tenant.headers)
    assert response.status_code == 201, response.text
    customer: dict[str, object] = response.json()
    return customer


async def _ledger_size(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Consent)) or 0)


async def _open(client: httpx.AsyncClient, token: str) -> tuple[httpx.Response, str]:
    page = await client.get(f"/invitations/{token}")
    assert page.status_code == 200, page.text
    return page, csrf_of(page.text)


async def test_the_page_greets_the_customer_and_hides_the_contact_details(
    client: httpx.AsyncClient, database: Database, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    page = await client.get(f"/invitations/{token}?utm_source=email")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Welcome, Jane" in page.text
    assert "acme" in page.text  # the company (the account's name)
    assert "jane@example.com" not in page.text and "j•••@example.com" in page.text
    assert "9876543" not in page.text and "ending in 43" in page.text
    assert "456 Oak Ave" not in page.text
    # Both marketing boxes unticked, each beside its words; nothing that runs script.
    assert 'name="marketing_email" value="yes"\n' in page.text
    assert "checked" not in page.text.split("Offers and news")[1]
    assert "<script" not in page.text and "style=" not in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src" not in csp  # default-src 'none' forbids every script
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


async def test_accepting_records_the_choices_in_one_go(
    client: httpx.AsyncClient, database: Database, tenant: Tenant, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    _, csrf = await _open(client, token)

    accepted = await client.post(
        f"/invitations/{token}",
        headers={**FORM, "user-agent": "PhoneBrowser/1.0"},
        data={"csrf": csrf, "preferred_contact": "sms", "marketing_sms": "yes"},
    )

    assert accepted.status_code == 200, accepted.text
    assert "You’re all set" in accepted.text
    customer = (await client.get(f"/v1/customers/{jane['id']}", headers=tenant.headers)).json()
    assert customer["invitation"]["status"] == "accepted"
    assert customer["invitation"]["accepted_at"].endswith("Z")
    assert customer["preferences"] == {
        "preferred_contact": "sms",
        "marketing_opt_in": True,
        "marketing_consent": {"email": False, "sms": True, "phone": False},
    }
    ledger = (
        await client.get(f"/v1/customers/{jane['id']}/consents", headers=tenant.headers)
    ).json()
    records = {(r["channel"], r["purpose"]): r for r in ledger["data"]}
    assert set(records) == {("sms", "transactional"), ("email", "marketing"), ("sms", "marketing")}
    sms = records[("sms", "marketing")]
    assert sms["state"] == "granted" and sms["source"] == "invitation_page"
    assert "marketing text messages" in sms["disclosure"] and "ending in 43" in sms["disclosure"]
    assert sms["user_agent"] == "PhoneBrowser/1.0" and sms["ip"] and sms["request_id"]
    assert records[("email", "marketing")]["state"] == "revoked"  # the unticked box

    # The link is used: it says so kindly and changes nothing, also when posted again.
    size = await _ledger_size(database)
    again = await client.get(f"/invitations/{token}")
    assert again.status_code == 200 and "already accepted" in again.text
    reposted = await client.post(
        f"/invitations/{token}", headers=FORM, data={"csrf": csrf, "preferred_contact": "email"}
    )
    assert reposted.status_code == 200 and "already accepted" in reposted.text
    assert await _ledger_size(database) == size
    # There is nothing left to invite the customer to.
    resend = await client.post(f"/v1/customers/{jane['id']}/invitation", headers=tenant.headers)
    assert resend.status_code == 409
    assert resend.json()["error"]["code"] == "invitation_accepted"


@pytest.mark.parametrize(
    "form",
    [
        {"preferred_contact": "email"},  # no CSRF field
        {"csrf": "0" * 64, "preferred_contact": "email"},  # a forged one
    ],
)
async def test_a_form_without_its_token_changes_nothing(
    client: httpx.AsyncClient, database: Database, jane: dict[str, object], form: dict[str, str]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    await _open(client, token)
    refused = await client.post(f"/invitations/{token}", headers=FORM, data=form)
    assert refused.status_code == 403
    assert await _ledger_size(database) == 0
    assert "Welcome" in (await client.get(f"/invitations/{token}")).text


async def test_the_form_token_is_bound_to_the_browser(
    app: FastAPI, client: httpx.AsyncClient, database: Database, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    _, csrf = await _open(client, token)
    # Another browser (no cookie) posting the field it saw elsewhere is refused.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        refused = await other.post(
            f"/invitations/{token}", headers=FORM, data={"csrf": csrf, "preferred_contact": "email"}
        )
    assert refused.status_code == 403


async def test_a_contact_choice_the_page_did_not_offer_is_refused(
    client: httpx.AsyncClient, database: Database, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    _, csrf = await _open(client, token)
    refused = await client.post(
        f"/invitations/{token}", headers=FORM, data={"csrf": csrf, "preferred_contact": "fax"}
    )
    assert refused.status_code == 400
    assert "Choose how we should contact you" in refused.text
    assert await _ledger_size(database) == 0


async def test_dead_links_show_a_plain_page(
    client: httpx.AsyncClient, database: Database, tenant: Tenant, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    for forged in ("x" * 43, "garbled!", token[:-1] + ("A" if token[-1] != "A" else "B")):
        page = await client.get(f"/invitations/{forged}")
        assert page.status_code == 404
        assert "doesn’t work" in page.text and "Welcome" not in page.text

    # Expired: 410, no detail.
    async with database.transaction() as session:
        await session.execute(
            update(Invitation)
            .where(Invitation.customer_id == jane["id"])
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await client.get(f"/invitations/{token}")
    assert expired.status_code == 410 and "Jane" not in expired.text


async def test_a_resend_kills_the_old_link_and_deactivation_kills_every_link(
    client: httpx.AsyncClient, database: Database, tenant: Tenant, jane: dict[str, object]
) -> None:
    old = await issue_link(database, str(jane["id"]))
    resent = await client.post(f"/v1/customers/{jane['id']}/invitation", headers=tenant.headers)
    assert resent.status_code == 202
    new = await issue_link(database, str(jane["id"]))
    assert (await client.get(f"/invitations/{old}")).status_code == 404
    assert (await client.get(f"/invitations/{new}")).status_code == 200

    await client.delete(f"/v1/customers/{jane['id']}", headers=tenant.headers)
    gone = await client.get(f"/invitations/{new}")
    assert gone.status_code == 410 and "Jane" not in gone.text


async def test_the_page_is_rate_limited_per_client_address(
    settings: Settings, database: Database
) -> None:
    limited = settings.model_copy(update={"page_rate_limit_burst": 3})
    app = create_app(limited, database=database)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        statuses = [(await client.get("/invitations/" + "x" * 43)).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    # Another address has its own budget.
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/invitations/" + "x" * 43)).status_code == 404


async def test_the_token_never_reaches_the_log(
    client: httpx.AsyncClient,
    database: Database,
    jane: dict[str, object],
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = await issue_link(database, str(jane["id"]))
    _, csrf = await _open(client, token)
    await client.post(
        f"/invitations/{token}", headers=FORM, data={"csrf": csrf, "preferred_contact": "email"}
    )
    logged = capsys.readouterr()
    assert '"route": "/invitations/{token}"' in logged.out
    assert token not in logged.out + logged.err


async def test_two_tabs_accepting_at_once_accept_once(
    client: httpx.AsyncClient, database: Database, jane: dict[str, object]
) -> None:
    token = await issue_link(database, str(jane["id"]))
    _, csrf = await _open(client, token)
    form = {"csrf": csrf, "preferred_contact": "email", "marketing_email": "yes"}

    answers = await asyncio.gather(
        *(client.post(f"/invitations/{token}", headers=FORM, data=form) for _ in range(2))
    )

    assert sorted("already accepted" in answer.text for answer in answers) == [False, True]
    assert all(answer.status_code == 200 for answer in answers)
    # One acceptance: the contact, email marketing and SMS marketing records, once each.
    assert await _ledger_size(database) == 3


async def test_a_link_works_for_thirty_days(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await client.post(
        "/v1/customers", json={**SEED_CREATE, "send_invitation": False}, headers=tenant.headers
    )
    customer_id = created.json()["id"]
    sent = await client.post(f"/v1/customers/{customer_id}/invitation", headers=tenant.headers)
    expires = datetime.fromisoformat(sent.json()["expires_at"].replace("Z", "+00:00"))
    assert timedelta(days=29, hours=23) < expires - datetime.now(UTC) <= timedelta(days=30)
