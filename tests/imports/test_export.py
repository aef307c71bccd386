"""GET /v1/customers/export and `otesse export customers`."""

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from otesse.core.db import Database
from otesse.customers import export
from tests.factories import HOME, SEED_ADDRESS, Tenant, add_address, create_customer, make_tenant
from tests.imports.conftest import Cli


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_export_is_csv_by_default_with_the_lists_filters(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    jane = await create_customer(client, tenant, email="jane@example.com", send_invitation=False)
    await add_address(client, tenant, jane["id"], **SEED_ADDRESS)
    await add_address(client, tenant, jane["id"], **HOME)
    bob = await create_customer(client, tenant, email="bob@example.com", send_invitation=False)
    await client.patch(
        f"/v1/customers/{bob['id']}", json={"status": "inactive"}, headers=tenant.headers
    )

    response = await client.get("/v1/customers/export", headers=tenant.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="customers.csv"'
    rows = _rows(response.text)
    assert [row["email"] for row in rows] == ["jane@example.com", "bob@example.com"]  # oldest first
    assert rows[0]["address_1_street"] == SEED_ADDRESS["street"]  # the default first
    assert rows[0]["address_1_access_notes"] == SEED_ADDRESS["access_notes"]
    assert rows[0]["address_2_street"] == HOME["street"]
    assert rows[1]["address_2_street"] == ""

    inactive = await client.get("/v1/customers/export?status=inactive", headers=tenant.headers)
    assert [row["email"] for row in _rows(inactive.text)] == ["bob@example.com"]
    refused = await client.get("/v1/customers/export?stauts=x", headers=tenant.headers)
    assert refused.status_code == 400


async def test_every_filter_exports_what_the_list_finds_across_batches(
    client: httpx.AsyncClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 2: the keyset step (created_at, id) between batches runs on 5 customers.
    monkeypatch.setattr(export, "BATCH", 2)
    names = ["O'Brien", "Back\\slash", "Zed", "Percent%", "Under_score"]
    made = []
    for number, last_name in enumerate(names):
        made.append(
            await create_customer(
                client,
                tenant,
                email=f"c{number}@example.com",
                last_name=last_name,
                send_invitation=False,
                tags=["vip"] if number % 2 else [],
                metadata={"crm": f"id'{number}"},
                external_id=f"ext'{number}",
            )
        )
    queries: list[dict[str, str]] = [
        {},
        {"search": "o'brien"},
        {"search": "back\\"},
        {"search": "t%"},
        {"search": "r_s"},
        {"tag": "VIP"},
        {"metadata[crm]": "id'3"},
        {"external_id": "ext'2"},
        {"created_after": made[2]["created_at"]},
    ]
    for query in queries:
        listed = await client.get("/v1/customers", params=query, headers=tenant.headers)
        exported = await client.get("/v1/customers/export", params=query, headers=tenant.headers)
        assert exported.status_code == 200, (query, exported.text)
        expected = [customer["id"] for customer in reversed(listed.json()["data"])]
        assert [row["id"] for row in _rows(exported.text)] == expected, query
        assert expected or query == {"search": "r_s"}, query


async def test_ndjson_lines_are_the_customers_as_get_answers_them(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    made = [
        await create_customer(client, tenant, email=f"c{i}@example.com", send_invitation=False)
        for i in range(3)
    ]
    response = await client.get(
        "/v1/customers/export", headers={**tenant.headers, "Accept": "application/x-ndjson"}
    )
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.content.splitlines()
    for customer, line in zip(made, lines, strict=True):
        got = await client.get(f"/v1/customers/{customer['id']}", headers=tenant.headers)
        assert line == got.content


async def test_cells_a_spreadsheet_would_run_are_escaped(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await create_customer(
        client, tenant, first_name='=HYPERLINK("http://evil.example","x")', last_name="@SUM(1)",
        email="evil@example.com", phone="+15551234567", send_invitation=False,
    )  # fmt: skip
    [row] = _rows((await client.get("/v1/customers/export", headers=tenant.headers)).text)
    assert row["first_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["last_name"] == "'@SUM(1)"
    assert row["phone"] == "'+15551234567"


def _comparable(customer: dict[str, Any]) -> dict[str, Any]:
    """A customer without what a new account gives anew: ids and the writes' timestamps."""
    kept = {k: v for k, v in customer.items() if k not in ("id", "updated_at", "addresses")}
    kept["addresses"] = [
        {k: v for k, v in address.items() if k not in ("id", "created_at", "updated_at")}
        for address in customer["addresses"]
    ]
    return kept


async def test_an_export_reimports_into_an_empty_account_as_the_same_customers(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, database: Database, tmp_path: Path
) -> None:
    jane = await create_customer(
        client, tenant, email="jane@example.com", send_invitation=False,
        preferences={"preferred_contact": "sms", "marketing_opt_in": True},
        external_id="crm-1", tags=["VIP", "pets"],
    )  # fmt: skip
    await add_address(client, tenant, jane["id"], **SEED_ADDRESS)
    await add_address(
        client, tenant, jane["id"], street="3 Elm St", city="Salem", state="OR", zip="97301"
    )
    bob = await create_customer(
        client, tenant, email="bob@example.com", phone=None, address=None, send_invitation=False,
        external_id="=1+2", tags=["a, b", "c;d", "-e"],
    )  # fmt: skip
    await client.delete(f"/v1/customers/{bob['id']}", headers=tenant.headers)
    await create_customer(
        client,
        tenant,
        first_name="-",
        last_name="+x",
        email="odd@example.com",
        send_invitation=False,
    )

    exported = tmp_path / "customers.csv"
    result = await cli("export", "customers", "--account", "acme")
    assert result.exit_code == 0, result.output
    assert "3/3" in result.stderr  # the progress line
    exported.write_text(result.stdout)

    other = await make_tenant(database, name="globex")
    imported = await cli("import", "customers", exported, "--account", "globex")
    assert "3 created, 0 updated, 0 skipped, 0 failed" in imported.stderr, imported.stderr

    def listed(who: Tenant) -> Any:
        return client.get("/v1/customers", headers=who.headers)

    before = [_comparable(c) for c in (await listed(tenant)).json()["data"]]
    after = [_comparable(c) for c in (await listed(other)).json()["data"]]
    assert after == before

    again = await cli("import", "customers", exported, "--account", "globex")
    assert "0 created, 0 updated, 3 skipped" in again.stderr
    for tag, holders in (("vip", 1), ("a, b", 1), ("-E", 1)):
        found = await client.get("/v1/customers", params={"tag": tag}, headers=other.headers)
        assert found.json()["pagination"]["total"] == holders, tag


async def test_the_cli_export_takes_the_lists_filters(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await create_customer(client, tenant, email="a@example.com", send_invitation=False)
    await create_customer(
        client, tenant, last_name="Zed", email="z@example.com", send_invitation=False
    )
    result = await cli(
        "export", "customers", "--account", "acme", "--filter", "search=zed", "--ndjson"
    )
    [line] = result.stdout.splitlines()
    assert orjson.loads(line)["email"] == "z@example.com"
    wrong = await cli("export", "customers", "--account", "acme", "--filter", "colour=red")
    assert wrong.exit_code == 2 and "not a filter" in wrong.output
