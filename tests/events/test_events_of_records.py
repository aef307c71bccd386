"""The events of the changes issues 15 and 17 brought: merges, the consent ledger, the
invitation page and the unsubscribe link (docs/webhooks.md)."""

from typing import Any

import httpx

from otesse.config import Settings
from otesse.consents.unsubscribe import unsubscribe_url
from otesse.core.db import Database
from otesse.invitations.tokens import load_secret
from tests.events_support import number_events
from tests.factories import SEED_CREATE, Tenant, create_customer
from tests.pages.links import csrf_of, issue_link


async def _newest(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, **params: Any
) -> list[dict[str, Any]]:
    await number_events(database)
    response = await client.get("/v1/events", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    listed: list[dict[str, Any]] = response.json()["data"]
    return listed


async def test_a_merge_writes_the_source_merged_and_the_target_updated(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    target = await create_customer(client, tenant, email="keep@example.com", tags=["vip"])
    source = await create_customer(client, tenant, email="dup@example.com", tags=["pets"])
    await number_events(database)
    merged = await client.post(
        f"/v1/customers/{target['id']}/merge",
        json={"source_id": source["id"]},
        headers=tenant.headers,
    )
    assert merged.status_code == 200, merged.text

    newest = await _newest(client, tenant, database, per_page=2)
    by_type = {event["type"]: event for event in newest}
    assert set(by_type) == {"customer.merged", "customer.updated"}
    gone = by_type["customer.merged"]
    assert gone["customer_id"] == source["id"]
    assert gone["data"]["object"]["status"] == "merged"
    assert gone["data"]["previous_attributes"]["status"] == source["status"]
    kept = by_type["customer.updated"]
    assert kept["customer_id"] == target["id"]
    got = await client.get(f"/v1/customers/{target['id']}", headers=tenant.headers)
    assert kept["data"]["object"] == got.json()
    assert sorted(kept["data"]["object"]["tags"]) == ["pets", "vip"]
    assert kept["data"]["previous_attributes"]["tags"] == ["vip"]


async def test_a_merge_preview_writes_no_event(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    target = await create_customer(client, tenant, email="keep@example.com")
    source = await create_customer(client, tenant, email="dup@example.com")
    before = await _newest(client, tenant, database)
    preview = await client.get(
        f"/v1/customers/{target['id']}/merge_preview",
        params={"source_id": source["id"]},
        headers=tenant.headers,
    )
    assert preview.status_code == 200, preview.text
    assert await _newest(client, tenant, database) == before


async def test_a_consent_recorded_through_the_api_writes_the_record_and_the_customer(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant)
    await number_events(database)
    recorded = await client.post(
        f"/v1/customers/{customer['id']}/consents",
        json={
            "channel": "sms",
            "purpose": "marketing",
            "state": "granted",
            "disclosure": "Texts about offers.",
        },
        headers=tenant.headers,
    )
    assert recorded.status_code == 201, recorded.text

    newest = await _newest(client, tenant, database, per_page=2)
    by_type = {event["type"]: event for event in newest}
    assert by_type["consent.recorded"]["data"]["object"] == recorded.json()
    updated = by_type["customer.updated"]["data"]
    assert updated["object"]["preferences"]["marketing_consent"]["sms"] is True
    assert updated["previous_attributes"]["preferences"]["marketing_consent"]["sms"] is False


async def test_accepting_an_invitation_writes_invitation_accepted_and_its_records(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    created = await client.post("/v1/customers", json=SEED_CREATE, headers=tenant.headers)
    customer = created.json()
    token = await issue_link(database, customer["id"])
    page = await client.get(f"/invitations/{token}")
    accepted = await client.post(
        f"/invitations/{token}",
        headers={"content-type": "application/x-www-form-urlencoded"},
        data={"csrf": csrf_of(page.text), "preferred_contact": "email"},
    )
    assert accepted.status_code == 200, accepted.text

    newest = await _newest(client, tenant, database, customer_id=customer["id"])
    types = [event["type"] for event in newest]
    # Newest first: the acceptance, then a record per choice the page showed (the contact
    # channel, and the email and text marketing boxes: the seed's Jane has a phone).
    assert types[:4] == ["invitation.accepted", *["consent.recorded"] * 3]
    event = newest[0]
    got = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
    assert event["data"]["object"] == got.json()
    assert event["data"]["previous_attributes"]["invitation"]["status"] != "accepted"
    assert event["request"]["id"] == accepted.headers["Request-Id"]


async def test_the_unsubscribe_link_writes_the_record_and_the_customer(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, settings: Settings
) -> None:
    customer = await create_customer(client, tenant, preferences={"marketing_opt_in": True})
    await number_events(database)
    url = unsubscribe_url("http://testserver", load_secret(settings), customer["id"])
    answered = await client.post(
        url,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answered.status_code == 200, answered.text

    newest = await _newest(client, tenant, database, per_page=2)
    by_type = {event["type"]: event for event in newest}
    assert by_type["consent.recorded"]["data"]["object"]["source"] == "unsubscribe_link"
    updated = by_type["customer.updated"]["data"]
    assert updated["object"]["preferences"]["marketing_opt_in"] is False
    assert updated["previous_attributes"]["preferences"]["marketing_opt_in"] is True
