"""Erasure reaches what issues 15, 16 and 17 added: the consent ledger, metadata and tags,
past events (redacted, their place in the feed kept) and a customer.erased event."""

import httpx
from sqlalchemy import func, select

from otesse.core.db import Database
from otesse.models import Consent
from tests.events_support import number_events
from tests.factories import HOME, Tenant, create_customer


async def test_an_erasure_deletes_the_ledger_clears_records_and_redacts_events(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(
        client,
        tenant,
        first_name="Wilhelmina",
        address={**HOME, "access_notes": "gate 4417"},
        metadata={"crm_note": "Wilhelmina's sister"},
        tags=["vip"],
        external_id="crm-77",
        preferences={"marketing_opt_in": True},
    )
    await number_events(database)
    erased = await client.post(
        f"/v1/customers/{customer['id']}/erase",
        json={"confirm": customer["id"]},
        headers=tenant.headers,
    )
    assert erased.status_code == 200, erased.text
    record = erased.json()
    assert record["metadata"] == {} and record["tags"] == []
    assert record["external_id"] == "crm-77"
    assert record["preferences"]["marketing_opt_in"] is False
    async with database.session() as session:
        left = await session.scalar(
            select(func.count()).select_from(Consent).where(Consent.customer_id == customer["id"])
        )
    assert left == 0
    tagged = await client.get("/v1/customers", params={"tag": "vip"}, headers=tenant.headers)
    assert tagged.json()["data"] == []

    await number_events(database)
    listed = await client.get(
        "/v1/events", params={"customer_id": customer["id"]}, headers=tenant.headers
    )
    events = listed.json()["data"]
    assert events[0]["type"] == "customer.erased"
    assert events[0]["data"]["previous_attributes"] == {}
    assert events[0]["data"]["object"]["first_name"] == "Erased"
    older = events[1:]
    assert {event["type"] for event in older} >= {"customer.created", "consent.recorded"}
    for event in older:
        assert event["data"]["previous_attributes"] == {}
        assert event["data"]["object"]["redacted"] is True
        assert set(event["data"]["object"]) <= {"id", "object", "redacted"}
    assert "Wilhelmina" not in listed.text and "4417" not in listed.text


async def test_a_merged_customer_can_still_be_erased(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    target = await create_customer(client, tenant, email="keep@example.com")
    source = await create_customer(client, tenant, email="dup@example.com")
    merged = await client.post(
        f"/v1/customers/{target['id']}/merge",
        json={"source_id": source["id"]},
        headers=tenant.headers,
    )
    assert merged.status_code == 200, merged.text
    erased = await client.post(
        f"/v1/customers/{source['id']}/erase",
        json={"confirm": source["id"]},
        headers=tenant.headers,
    )
    assert erased.status_code == 200, erased.text
    assert erased.json()["status"] == "erased"
    # Neither a merged nor an erased customer shows in a list given no status.
    listed = await client.get("/v1/customers", headers=tenant.headers)
    assert [row["id"] for row in listed.json()["data"]] == [target["id"]]
    assert listed.json()["pagination"]["total"] == 1
