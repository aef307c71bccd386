"""The consent ledger: /v1/customers/:id/consents, the preferences derived from it, and the
database refusing to change a record."""

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from otesse.consents.repository import erase
from otesse.core.db import Database
from tests.factories import Tenant, create_customer, make_tenant

SMS_TEXT = "I agree to receive marketing texts from Acme at the number I gave. Reply STOP."


def _consents(customer_id: str) -> str:
    return f"/v1/customers/{customer_id}/consents"


async def test_an_integrator_records_consent_and_the_preferences_follow(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant)
    body = {"channel": "sms", "purpose": "marketing", "state": "granted", "disclosure": SMS_TEXT}

    created = await client.post(_consents(customer["id"]), json=body, headers=tenant.headers)

    assert created.status_code == 201, created.text
    record = created.json()
    assert record["id"].startswith("cons_")
    assert (record["source"], record["disclosure"], record["ip"]) == ("api", SMS_TEXT, None)
    assert record["request_id"] == created.headers["request-id"]
    # The Location resolves to the record.
    fetched = await client.get(created.headers["location"], headers=tenant.headers)
    assert fetched.status_code == 200 and fetched.json() == record
    shown = (await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)).json()
    assert shown["preferences"]["marketing_opt_in"] is True
    assert shown["preferences"]["marketing_consent"] == {
        "email": False,
        "sms": True,
        "phone": False,
    }

    revoked = {**body, "state": "revoked", "source": "staff"}
    assert (
        await client.post(_consents(customer["id"]), json=revoked, headers=tenant.headers)
    ).status_code == 201
    shown = (await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)).json()
    assert shown["preferences"]["marketing_opt_in"] is False
    ledger = (await client.get(_consents(customer["id"]), headers=tenant.headers)).json()
    assert [r["state"] for r in ledger["data"]] == ["revoked", "granted"]  # newest first
    assert ledger["pagination"] == {"page": 1, "per_page": 25, "total": 2, "total_pages": 1}


async def test_patching_marketing_opt_in_writes_the_ledger(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, preferences={"marketing_opt_in": True})
    path = f"/v1/customers/{customer['id']}"
    await client.post(
        _consents(customer["id"]),
        json={"channel": "sms", "purpose": "marketing", "state": "granted", "disclosure": SMS_TEXT},
        headers=tenant.headers,
    )
    patched = await client.patch(
        path, json={"preferences": {"marketing_opt_in": False}}, headers=tenant.headers
    )
    assert patched.json()["preferences"]["marketing_consent"] == {
        "email": False,
        "sms": False,
        "phone": False,
    }
    ledger = (await client.get(_consents(customer["id"]), headers=tenant.headers)).json()["data"]
    # Oldest last: the create's grant, the SMS grant, then one withdrawal per granted channel.
    assert [(r["channel"], r["state"], r["source"]) for r in reversed(ledger)][:2] == [
        ("email", "granted", "api"),
        ("sms", "granted", "api"),
    ]
    assert {(r["channel"], r["state"]) for r in ledger[:2]} == {
        ("email", "revoked"),
        ("sms", "revoked"),
    }
    assert ledger[0]["disclosure"] == "preferences.marketing_opt_in set through the API"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"channel": "email", "purpose": "marketing", "state": "granted"}, "disclosure"),
        (
            {"channel": "email", "purpose": "marketing", "state": "granted", "disclosure": "  "},
            "disclosure",
        ),
        (
            {"channel": "fax", "purpose": "marketing", "state": "granted", "disclosure": "x"},
            "channel",
        ),
        (
            {
                "channel": "email",
                "purpose": "marketing",
                "state": "granted",
                "disclosure": "x",
                "source": "invitation_page",
            },
            "source",
        ),
        (
            {
                "channel": "email",
                "purpose": "marketing",
                "state": "granted",
                "disclosure": "x",
                "recorded_at": "2020-01-01T00:00:00Z",
            },
            "recorded_at",
        ),
    ],
)
async def test_a_bad_record_is_refused_naming_the_field(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, str], param: str
) -> None:
    customer = await create_customer(client, tenant)
    response = await client.post(_consents(customer["id"]), json=body, headers=tenant.headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == param
    ledger = (await client.get(_consents(customer["id"]), headers=tenant.headers)).json()
    assert ledger["data"] == []


async def test_another_tenants_ledger_is_not_found(
    client: httpx.AsyncClient, database: Database, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant)
    record = (
        await client.post(
            _consents(customer["id"]),
            json={
                "channel": "email",
                "purpose": "marketing",
                "state": "granted",
                "disclosure": "x",
            },
            headers=tenant.headers,
        )
    ).json()
    stranger = await make_tenant(database, name="globex")
    for path in (_consents(customer["id"]), f"{_consents(customer['id'])}/{record['id']}"):
        assert (await client.get(path, headers=stranger.headers)).status_code == 404
    missing = await client.get(f"{_consents(customer['id'])}/cons_nope", headers=tenant.headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["param"] == "consent_id"


async def test_the_database_refuses_to_change_or_delete_a_record(
    client: httpx.AsyncClient, database: Database, tenant: Tenant
) -> None:
    customer = await create_customer(client, tenant, preferences={"marketing_opt_in": True})
    for statement in ("UPDATE consents SET state = 'revoked'", "DELETE FROM consents"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with database.transaction() as session:
                await session.execute(text(statement))
    ledger = (await client.get(_consents(customer["id"]), headers=tenant.headers)).json()
    assert [r["state"] for r in ledger["data"]] == ["granted"]

    # Erasure (the privacy issue) is the one way records go.
    async with database.transaction() as session:
        await erase(session, customer["id"])
    ledger = (await client.get(_consents(customer["id"]), headers=tenant.headers)).json()
    assert ledger["data"] == []
