"""One-click unsubscribe (RFC 8058): the headers of a marketing-capable email, the one-click
POST and the link's page."""

from datetime import UTC, datetime

import httpx

from otesse.config import Settings
from otesse.consents.unsubscribe import unsubscribe_url
from otesse.invitations.tokens import load_secret
from otesse.mail.message import compose
from tests.factories import Tenant, create_customer


def _link(settings: Settings, customer_id: str) -> str:
    return unsubscribe_url("http://testserver", load_secret(settings), customer_id)


def test_a_marketing_capable_email_carries_the_headers_and_a_visible_link() -> None:
    url = "https://app.otesse.test/unsubscribe/cust_1.sig"
    message = compose(
        template="invitation",
        context={"first_name": "Ann", "link": "https://x.test/i/t", "expires_on": "x"},
        mail_from="Otesse <hello@otesse.com>",
        to_name="Ann Lee",
        to_address="ann@example.com",
        message_id="<obx_1@otesse.com>",
        date=datetime(2026, 1, 2, tzinfo=UTC),
        unsubscribe_url=url,
    )
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for kind in ("plain", "html"):
        assert url in message.get_body((kind,)).get_content()  # type: ignore[union-attr]


async def test_one_click_records_a_revoked_email_marketing_consent(
    client: httpx.AsyncClient, settings: Settings, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, preferences={"marketing_opt_in": True})
    link = _link(settings, customer["id"])

    # Following the link only shows the page: mail scanners fetch links.
    page = await client.get(link)
    assert page.status_code == 200 and "Unsubscribe" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    path = f"/v1/customers/{customer['id']}"
    assert (await client.get(path, headers=tenant.headers)).json()["preferences"][
        "marketing_opt_in"
    ] is True

    # The mail client's one-click POST (RFC 8058 section 3.2).
    done = await client.post(
        link,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200 and "unsubscribed" in done.text
    shown = (await client.get(path, headers=tenant.headers)).json()
    assert shown["preferences"]["marketing_consent"]["email"] is False
    [latest, *_] = (await client.get(f"{path}/consents", headers=tenant.headers)).json()["data"]
    assert (latest["channel"], latest["purpose"], latest["state"], latest["source"]) == (
        "email",
        "marketing",
        "revoked",
        "unsubscribe_link",
    )


async def test_a_forged_unsubscribe_link_opens_nothing(
    client: httpx.AsyncClient, settings: Settings, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, preferences={"marketing_opt_in": True})
    link = _link(settings, customer["id"])
    for forged in (link[:-2] + "xx", link.replace(customer["id"], "cust_other"), link + "."):
        assert (await client.post(forged)).status_code == 404
        assert (await client.get(forged)).status_code == 404
    ledger = await client.get(f"/v1/customers/{customer['id']}/consents", headers=tenant.headers)
    assert [r["state"] for r in ledger.json()["data"]] == ["granted"]
