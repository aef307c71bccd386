"""An import writes the events of the creates and changes its rows stand for (docs/import.md):
as a feed reader sees them, an import is that many ordinary API calls."""

from pathlib import Path

import httpx

from otesse.core.db import Database
from tests.events_support import number_events
from tests.factories import Tenant, create_customer
from tests.imports.conftest import Cli

HEADER = (
    "first_name,last_name,email,phone,address_1_street,address_1_city,address_1_state,"
    "address_1_zip,address_1_access_notes,marketing_opt_in,status"
)


async def test_created_and_changed_rows_write_the_events_of_their_calls(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, database: Database, tmp_path: Path
) -> None:
    existing = await create_customer(client, tenant, email="ann@example.com", send_invitation=False)
    await number_events(database)
    seen = (await client.get("/v1/events", headers=tenant.headers)).json()["data"]
    file = tmp_path / "people.csv"
    file.write_text(
        f"{HEADER}\n"
        "Ann,Smith,ann@example.com,,1 Main St,Eugene,OR,97401,,,inactive\n"
        "Bo,Lee,bo@example.com,,2 Oak St,Eugene,OR,97401,gate 8812,true,\n"
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "1 created, 1 updated" in result.stderr, result.stderr

    await number_events(database)
    listed = (await client.get("/v1/events", headers=tenant.headers)).json()["data"]
    new = [event for event in listed if event["id"] not in {e["id"] for e in seen}]
    by_type: dict[str, list[dict[str, object]]] = {}
    for event in new:
        by_type.setdefault(str(event["type"]), []).append(event)
    [created] = by_type["customer.created"]
    bo = created["data"]["object"]  # type: ignore[index]
    got = await client.get(f"/v1/customers/{bo['id']}", headers=tenant.headers)  # type: ignore[index]
    assert bo == got.json()
    assert bo["addresses"][0]["access_notes"] == "gate 8812"  # type: ignore[index]
    [consent] = by_type["consent.recorded"]
    assert consent["customer_id"] == got.json()["id"]
    assert consent["data"]["object"]["source"] == "import"  # type: ignore[index]
    assert {event["customer_id"] for event in by_type["customer.updated"]} == {existing["id"]}
    assert {event["customer_id"] for event in by_type["customer.address_added"]} == {existing["id"]}

    # A re-run changes nothing and writes nothing.
    again = await cli("import", "customers", file, "--account", "acme")
    assert "0 created, 0 updated, 2 skipped" in again.stderr, again.stderr
    await number_events(database)
    total = (await client.get("/v1/events", headers=tenant.headers)).json()["pagination"]
    assert total["total"] == len(seen) + len(new)
