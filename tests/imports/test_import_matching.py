"""Which customer a row updates: external_id first, then email; rows that name two customers
fail alone, naming the column."""

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import Tenant, create_customer
from tests.imports.conftest import SAMPLES, Cli

HEADER = "external_id,first_name,last_name,email,tags"


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    return path


async def _get(client: httpx.AsyncClient, tenant: Tenant, customer_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    body: dict[str, Any] = response.json()
    return body


async def _list(client: httpx.AsyncClient, tenant: Tenant, **query: Any) -> dict[str, Any]:
    response = await client.get("/v1/customers", params=query, headers=tenant.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_external_id_matches_first_so_a_changed_email_updates_the_customer(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    first = _write(tmp_path / "a.csv", "crm-1,Ann,Lee,ann@example.com,vip")
    assert "1 created" in (await cli("import", "customers", first, "--account", "acme")).stderr
    [ann] = (await _list(client, tenant))["data"]

    moved = _write(tmp_path / "b.csv", "crm-1,Ann,Lee,ann.lee@example.com,vip;Pets")
    result = await cli("import", "customers", moved, "--account", "acme")
    assert "0 created, 1 updated, 0 skipped, 0 failed" in result.stderr, result.stderr
    updated = await _get(client, tenant, ann["id"])
    assert (updated["email"], updated["external_id"]) == ("ann.lee@example.com", "crm-1")
    assert updated["tags"] == ["vip", "Pets"]
    # The tags reach the tag= filter (customer_tags), exactly.
    assert (await _list(client, tenant, tag="pets"))["pagination"]["total"] == 1

    again = await cli("import", "customers", moved, "--account", "acme")
    assert "0 created, 0 updated, 1 skipped, 0 failed" in again.stderr
    fewer = _write(tmp_path / "c.csv", "crm-1,Ann,Lee,ann.lee@example.com,VIP")
    assert "1 updated" in (await cli("import", "customers", fewer, "--account", "acme")).stderr
    assert (await _get(client, tenant, ann["id"]))["tags"] == ["vip"]  # first-written case
    assert (await _list(client, tenant, tag="pets"))["pagination"]["total"] == 0


async def test_an_email_match_without_an_external_id_takes_the_rows(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    made = await create_customer(client, tenant, email="bo@example.com", send_invitation=False)
    file = _write(tmp_path / "a.csv", "crm-7,John,Smith,BO@example.com,")
    result = await cli("import", "customers", file, "--account", "acme")
    assert "0 created, 1 updated, 0 skipped, 0 failed" in result.stderr, result.stderr
    assert (await _get(client, tenant, made["id"]))["external_id"] == "crm-7"
    again = await cli("import", "customers", file, "--account", "acme")
    assert "0 created, 0 updated, 1 skipped, 0 failed" in again.stderr


async def test_a_row_naming_two_customers_fails_alone_and_changes_neither(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    a = await create_customer(
        client, tenant, email="a@example.com", external_id="crm-a", send_invitation=False
    )
    b = await create_customer(
        client, tenant, email="b@example.com", external_id="crm-b", send_invitation=False
    )
    c = await create_customer(client, tenant, email="c@example.com", send_invitation=False)
    file = _write(
        tmp_path / "a.csv",
        "crm-a,John,Smith,b@example.com,",  # A's external_id, B's email
        "crm-z,John,Smith,a@example.com,",  # A's email, another external_id
        "crm-c,Cee,Smith,c@example.com,",  # C has none: it takes this one
    )
    errors = tmp_path / "errors.csv"
    result = await cli("import", "customers", file, "--account", "acme", "--errors", errors)
    assert "0 created, 1 updated, 0 skipped, 2 failed" in result.stderr, result.stderr
    assert "row 2 column 'email'" in result.stderr
    assert "row 3 column 'external_id'" in result.stderr
    lines = errors.read_text().splitlines()
    assert lines[1].startswith("2,email,b@example.com,match_conflict,")
    assert a["id"] in lines[1] and b["id"] in lines[1]
    assert lines[2].startswith("3,external_id,crm-z,match_conflict,")
    for before in (a, b):
        after = await _get(client, tenant, before["id"])
        assert (after["email"], after["external_id"]) == (before["email"], before["external_id"])
    assert (await _get(client, tenant, c["id"]))["first_name"] == "Cee"


async def test_a_files_rows_for_one_external_id_create_it_once(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    file = _write(
        tmp_path / "a.csv",
        "crm-1,Ann,Lee,ann@example.com,",
        "crm-1,Ann,Lee,ann.new@example.com,",
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "1 created, 1 updated, 0 skipped, 0 failed" in result.stderr, result.stderr
    [ann] = (await _list(client, tenant))["data"]
    assert ann["email"] == "ann.new@example.com"


async def test_a_row_naming_a_merged_customer_updates_its_survivor(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    source = await create_customer(
        client, tenant, email="s@example.com", external_id="crm-s", send_invitation=False
    )
    target = await create_customer(
        client, tenant, email="t@example.com", external_id="crm-t", send_invitation=False
    )
    merged = await client.post(
        f"/v1/customers/{target['id']}/merge",
        json={"source_id": source["id"]},
        headers={**tenant.headers, "Idempotency-Key": "m1"},
    )
    assert merged.status_code == 200, merged.text
    file = _write(tmp_path / "a.csv", "crm-s,John,Smith,t@example.com,gold")
    result = await cli("import", "customers", file, "--account", "acme")
    assert "0 created, 1 updated, 0 skipped, 0 failed" in result.stderr, result.stderr
    survivor = await _get(client, tenant, target["id"])
    assert (survivor["external_id"], survivor["tags"]) == ("crm-t", ["gold"])


@pytest.mark.parametrize(
    ("preset", "column", "value"),
    [
        ("jobber", "J-ID", "58211467"),
        ("housecallpro", "Customer ID", "cus_8f2a1c"),
        ("servicetitan", "Customer ID", "40213377"),
    ],
)
async def test_each_platforms_own_id_is_the_external_id(
    preset: str, column: str, value: str, cli: Cli, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    sample = SAMPLES / f"{preset}.csv"
    await cli("import", "customers", sample, "--format", preset, "--account", "acme")
    found = (await _list(client, tenant, external_id=value))["data"]
    assert len(found) == 1, f"{preset}'s {column} is the external_id"
