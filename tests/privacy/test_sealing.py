"""Access notes are sealed at rest: the raw database (the SQLite file and its WAL, a pg_dump
of PostgreSQL) holds no door code in clear, while the API reads and writes plain text; a
sealed value that does not open is a 503 for that read, never garbage."""

import secrets
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from otesse.core import sealing
from otesse.core.db import Database
from otesse.models import Address
from tests.conftest import _postgres_admin_url
from tests.factories import HOME, Tenant, add_address, assert_error, create_customer

OTHER_RING = sealing.KeyRing.parse(sealing.new_key_entry("gone"))


async def raw_database(database: Database, *, checkpointed: bool = False) -> bytes:
    """Every byte the database keeps: the SQLite file with its WAL, or a pg_dump.

    ``checkpointed``: first copy the WAL into the file and empty it, as SQLite does by itself
    every 1,000 pages (old versions of changed rows live in the WAL until then)."""
    url = make_url(database.url)
    if database.is_sqlite:
        path = Path(str(url.database))
        if checkpointed:
            # Through the suite's own engine, its pools emptied first: a second, raw
            # connection to the file, closed in this process while the pools' stayed open,
            # released the process's POSIX locks on it, and the worker processes the next
            # tests started met "disk I/O error"; an open pooled connection keeps the table
            # locked against TRUNCATE.
            for engine in {database.engine, database.read_engine}:
                await engine.dispose()
            async with database.engine.connect() as connection:
                # Outside a transaction: inside one the checkpoint finds the table locked.
                raw = (await connection.get_raw_connection()).driver_connection
                assert raw is not None
                async with raw.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
                    busy = (await cursor.fetchone())[0]
            # And closed again before anything else opens the file (the next tests' worker
            # processes met "disk I/O error" on a WAL truncated under open connections).
            for engine in {database.engine, database.read_engine}:
                await engine.dispose()
            assert busy == 0
        files = [path, path.with_name(path.name + "-wal")]
        # Read by another process: closing a descriptor of the file in this one would release
        # every POSIX lock this process holds on it (SQLite's own connections' too), and the
        # next process to open the database would recover it under their feet ("disk I/O
        # error" in the worker processes of later tests).
        shown = [str(file) for file in files if file.exists()]
        return subprocess.run(["cat", *shown], check=True, capture_output=True).stdout
    # Straight to the server, never through a pooler (make test-pgbouncer): pg_dump sets
    # session state (its search_path) that would outlive it on a pooled server connection.
    server = make_url(_postgres_admin_url())
    dumped = subprocess.run(
        ["pg_dump", "--host", server.host or "127.0.0.1", "--port", str(server.port or 5432),
         "--username", server.username or "postgres", "--no-password", str(url.database)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return dumped.stdout


async def test_a_door_code_is_nowhere_in_the_raw_database(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    code = f"lockbox {secrets.randbelow(10**8):08d}"
    later = f"gate {secrets.randbelow(10**8):08d}"
    made = await create_customer(client, tenant, address={**HOME, "access_notes": code})
    # An idempotent create keeps its answer, which carries the note.
    second = await client.post(
        f"/v1/customers/{made['id']}/addresses",
        json={**HOME, "access_notes": later},
        headers={**tenant.headers, "Idempotency-Key": "add-office"},
    )
    assert second.status_code == 201
    replayed = await client.post(
        f"/v1/customers/{made['id']}/addresses",
        json={**HOME, "access_notes": later},
        headers={**tenant.headers, "Idempotency-Key": "add-office"},
    )
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.json()["access_notes"] == later
    address_id = made["addresses"][0]["id"]
    patched = await client.patch(
        f"/v1/customers/{made['id']}/addresses/{address_id}",
        json={"access_notes": f"{code}, dog in the yard"},
        headers=tenant.headers,
    )
    assert patched.json()["access_notes"] == f"{code}, dog in the yard"

    got = await client.get(f"/v1/customers/{made['id']}", headers=tenant.headers)
    listed = await client.get("/v1/customers", headers=tenant.headers)
    notes = {address["access_notes"] for address in got.json()["addresses"]}
    assert notes == {f"{code}, dog in the yard", later}
    assert listed.json()["data"][0] == got.json()

    dump = await raw_database(database)
    assert made["id"].encode() in dump  # the dump is the database's, customer included
    for clear in (code, later):
        assert clear.encode() not in dump
        assert clear.split()[1].encode() not in dump


async def test_a_note_moved_to_another_address_does_not_open(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    made = await create_customer(client, tenant, address={**HOME, "access_notes": "code 1234"})
    other = await add_address(client, tenant, made["id"], access_notes=None)
    first_id = made["addresses"][0]["id"]
    async with database.transaction() as session:
        sealed = await session.scalar(select(Address.access_notes).where(Address.id == first_id))
        await session.execute(
            update(Address).where(Address.id == other["id"]).values(access_notes=sealed)
        )

    for path in (
        f"/v1/customers/{made['id']}",
        f"/v1/customers/{made['id']}/addresses/{other['id']}",
        "/v1/customers",
    ):
        response = await client.get(path, headers=tenant.headers)
        assert_error(response, 503, "data_unreadable")
        assert "1234" not in response.text


@pytest.mark.parametrize("path", ["one", "list", "address"])
async def test_a_note_under_an_unknown_key_is_a_clear_503(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, path: str
) -> None:
    made = await create_customer(client, tenant, address={**HOME, "access_notes": "code 1"})
    address_id = made["addresses"][0]["id"]
    async with database.transaction() as session:
        await session.execute(
            update(Address)
            .where(Address.id == address_id)
            .values(access_notes=OTHER_RING.seal("code 1", address_id))
        )
    url = {
        "one": f"/v1/customers/{made['id']}",
        "list": "/v1/customers",
        "address": f"/v1/customers/{made['id']}/addresses/{address_id}",
    }[path]

    response = await client.get(url, headers=tenant.headers)

    assert_error(response, 503, "data_key_unknown")
    assert "OTESSE_DATA_KEYS" in response.json()["error"]["message"]


def test_the_default_ring_is_generated_once_into_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "var" / "data_keys"

    first = sealing.load_ring(None, key_file)
    second = sealing.load_ring(None, key_file)

    assert key_file.stat().st_mode & 0o777 == 0o600
    sealed = first.seal("side door", "addr_x")
    assert second.open(sealed, "addr_x") == "side door"
    logged = capsys.readouterr()
    assert "data_key_generated" in logged.out + logged.err
    key_text = key_file.read_text().strip().split("=", 1)[1]
    assert key_text not in logged.out + logged.err


def test_a_malformed_ring_is_refused() -> None:
    for text in ("", "k1", "k_1=AAAA", "k1=AAAA", f"{sealing.new_key_entry('a')},a=x"):
        with pytest.raises(sealing.DataKeysInvalid):
            sealing.KeyRing.parse(text)
