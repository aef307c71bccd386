"""`otesse import customers`: the presets' sample files, re-runs, bad rows, hostile files."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from otesse.core.db import Database
from otesse.models import Address, Customer, Invitation
from tests.factories import Tenant, create_customer
from tests.imports.conftest import SAMPLES, Cli

HEADER = (
    "first_name,last_name,email,phone,address_1_street,address_1_city,address_1_state,address_1_zip"
)


async def _customers(client: httpx.AsyncClient, tenant: Tenant, **query: Any) -> dict[str, Any]:
    response = await client.get(
        "/v1/customers", params={"per_page": 100, **query}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("preset", "created", "failed"),
    [("otesse", 2, 1), ("jobber", 3, 1), ("housecallpro", 3, 1), ("servicetitan", 3, 1)],
)
async def test_each_platforms_sample_comes_in_and_a_rerun_changes_nothing(
    preset: str,
    created: int,
    failed: int,
    cli: Cli,
    client: httpx.AsyncClient,
    tenant: Tenant,
) -> None:
    sample = SAMPLES / f"{preset}.csv"
    first = await cli("import", "customers", sample, "--format", preset, "--account", "acme")
    assert f"{created} created, 0 updated, 0 skipped, {failed} failed" in first.stderr
    assert first.exit_code == 1  # some rows were rejected
    assert "row 5" in first.stderr or "row 4" in first.stderr
    listed = await _customers(client, tenant)
    assert listed["pagination"]["total"] == created
    before = listed["data"]

    again = await cli("import", "customers", sample, "--format", preset, "--account", "acme")
    assert f"0 created, 0 updated, {created} skipped, {failed} failed" in again.stderr
    assert (await _customers(client, tenant))["data"] == before


async def test_a_jobber_client_gets_its_service_and_billing_addresses(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    await cli(
        "import", "customers", SAMPLES / "jobber.csv", "--format", "jobber", "--account", "acme"
    )
    found = await _customers(client, tenant, search="maria.lopez")
    [maria] = found["data"]
    assert maria["phone"] == "+15415550142"  # the first of the cell's numbers
    assert maria["created_at"] == "2023-03-14T00:00:00Z"
    service, billing = maria["addresses"]
    assert (service["label"], service["street"], service["is_default"]) == (
        "Service",
        "455 Willamette St, Apt 3",
        True,
    )
    assert (billing["label"], billing["street"], billing["is_default"]) == (
        "Billing",
        "PO Box 12",
        False,
    )
    # Same service and billing address: kept once.
    [becker] = (await _customers(client, tenant, search="becker"))["data"]
    assert len(becker["addresses"]) == 1


async def test_a_changed_row_updates_its_customer_and_counters_stay_exact(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    existing = await create_customer(client, tenant, email="ann@example.com", send_invitation=False)
    file = _write(
        tmp_path / "a.csv",
        f"{HEADER},status\nAnn,Other,ANN@example.com,,1 Main St,Eugene,OR,97401,inactive\n"
        "New,Person,new@example.com,(555) 123-4567,2 Oak St,Eugene,OR,97401,active\n",
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "1 created, 1 updated, 0 skipped, 0 failed" in result.stderr, result.stderr
    assert result.exit_code == 0
    updated = (await client.get(f"/v1/customers/{existing['id']}", headers=tenant.headers)).json()
    assert (updated["last_name"], updated["email"], updated["status"]) == (
        "Other",
        "ANN@example.com",
        "inactive",
    )
    assert any(address["street"] == "1 Main St" for address in updated["addresses"])
    # The counters (totals of the list per status) and the search text follow the import.
    assert (await _customers(client, tenant, status="inactive"))["pagination"]["total"] == 1
    assert (await _customers(client, tenant, status="active"))["pagination"]["total"] == 1
    assert (await _customers(client, tenant, search="5551234567"))["data"][0][
        "email"
    ] == "new@example.com"


async def test_a_row_is_all_or_nothing_and_bad_rows_never_stop_the_rest(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, database: Database, tmp_path: Path
) -> None:
    file = _write(
        tmp_path / "a.csv",
        f"{HEADER}\n"
        "Good,One,good1@example.com,,1 Main St,Eugene,OR,97401\n"
        "Bad,Zip,badzip@example.com,,1 Main St,Eugene,OR,ABCDE\n"
        "Bad,Phone,badphone@example.com,12,1 Main St,Eugene,OR,97401\n"
        "Good,Two,good2@example.com,,2 Main St,Eugene,OR,97401\n",
    )
    errors = tmp_path / "errors.csv"
    result = await cli("import", "customers", file, "--account", "acme", "--errors", errors)
    assert "2 created, 0 updated, 0 skipped, 2 failed" in result.stderr
    assert "row 3 column 'address_1_zip'" in result.stderr
    assert "row 4 column 'phone': is not a possible phone number" in result.stderr
    lines = errors.read_text().splitlines()
    assert lines[0] == "row,column,value,code,message"
    assert lines[1].startswith("3,address_1_zip,ABCDE,invalid,")
    async with database.transaction() as session:
        emails = set(await session.scalars(select(Customer.email)))
        addresses = await session.scalar(select(func.count()).select_from(Address))
    assert emails == {"good1@example.com", "good2@example.com"}
    assert addresses == 2


async def test_a_dry_run_writes_nothing_and_invitations_only_when_asked(
    cli: Cli, database: Database, tenant: Tenant, tmp_path: Path
) -> None:
    file = _write(
        tmp_path / "a.csv", f"{HEADER}\nAnn,Lee,ann@example.com,,1 Main St,Eugene,OR,97401\n"
    )
    dry = await cli("import", "customers", file, "--account", "acme", "--dry-run")
    assert "would import 1 rows: 1 created" in dry.stderr
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Customer)) == 0

    await cli("import", "customers", file, "--account", "acme")
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Invitation)) == 0

    other = _write(
        tmp_path / "b.csv", f"{HEADER}\nBo,Lee,bo@example.com,,1 Main St,Eugene,OR,97401\n"
    )
    await cli("import", "customers", other, "--account", "acme", "--send-invitations")
    async with database.transaction() as session:
        invited = await session.scalars(
            select(Customer.email).join(Invitation, Invitation.customer_id == Customer.id)
        )
        assert list(invited) == ["bo@example.com"]


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", ""), ("utf-8", "\ufeff"), ("cp1252", ""), ("utf-16", "")]
)
async def test_the_encodings_spreadsheets_write_are_read(
    encoding: str, prefix: str, cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    file = _write(
        tmp_path / "a.csv",
        f"{prefix}{HEADER}\nJosé,Müller,jose@example.com,,1 Main St,Eugene,OR,97401\n",
        encoding,
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "1 created" in result.stderr, result.stderr
    [customer] = (await _customers(client, tenant))["data"]
    assert (customer["first_name"], customer["last_name"]) == ("José", "Müller")


async def test_semicolons_quoted_newlines_and_formulas(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    file = _write(
        tmp_path / "a.csv",
        "first_name;last_name;email;address_1_street;address_1_city;address_1_state;"
        "address_1_zip;address_1_access_notes\n"
        'Ann;Lee;ann@example.com;1 Main St;Eugene;OR;97401;"Gate 4417\nDog inside"\n'
        '=HYPERLINK("http://evil.example","x");Lee;evil@example.com;;;;;\n'
        'Bob;Lee;bob@example.com;"2 Oak\nSt";Eugene;OR;97401;\n',
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "1 created, 0 updated, 0 skipped, 2 failed" in result.stderr, result.stderr
    assert "row 3 column 'first_name': A cell may not begin with = or @" in result.stderr
    assert "row 4 column 'address_1_street'" in result.stderr
    [ann] = (await _customers(client, tenant))["data"]
    assert ann["addresses"][0]["access_notes"] == "Gate 4417\nDog inside"


async def test_files_that_cannot_be_imported_are_refused_whole(
    cli: Cli, database: Database, tenant: Tenant, tmp_path: Path
) -> None:
    two_columns = _write(tmp_path / "two.csv", "name,phone\nAnn Lee,555-123-4567\n")
    wide = _write(
        tmp_path / "wide.csv",
        ",".join(f"c{i}" for i in range(2000)) + "\n" + "," * 1999 + "\n",
    )
    empty = _write(tmp_path / "empty.csv", "")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"first_name,last_name,email\n\x00\x81\x8d\x8f\x90\x9d\n")
    expected = {
        two_columns: "needs a column for email",
        wide: "2000 columns",
        empty: "empty",
        binary: "neither UTF-8 nor Windows-1252",
    }
    for file, says in expected.items():
        result = await cli("import", "customers", file, "--account", "acme")
        assert result.exit_code == 2 and says in result.stderr, (file.name, result.stderr)
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Customer)) == 0


async def test_a_row_the_rules_refuse_rolls_back_alone(
    cli: Cli, client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    """A deactivated customer takes no new address (the addresses rule): its row fails, the
    batch is written again row by row, and the rest of the batch comes in."""
    gone = await create_customer(client, tenant, email="gone@example.com", send_invitation=False)
    await client.delete(f"/v1/customers/{gone['id']}", headers=tenant.headers)
    file = _write(
        tmp_path / "a.csv",
        f"{HEADER}\n"
        "New,One,new1@example.com,,1 Main St,Eugene,OR,97401\n"
        "John,Smith,gone@example.com,,9 Elm St,Eugene,OR,97401\n"
        "New,Two,new2@example.com,,2 Main St,Eugene,OR,97401\n",
    )
    result = await cli("import", "customers", file, "--account", "acme")
    assert "2 created, 0 updated, 0 skipped, 1 failed" in result.stderr, result.stderr
    assert "row 3 column 'status': The customer is deactivated" in result.stderr
    after = (await client.get(f"/v1/customers/{gone['id']}", headers=tenant.headers)).json()
    assert after["addresses"] == [] and after["status"] == "deactivated"
    assert (await _customers(client, tenant))["pagination"]["total"] == 3
