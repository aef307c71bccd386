"""`otesse data-keys rotate` re-seals every sealed value under the newest key, in batches,
with counts; a second run finds nothing left; reads keep answering the same text."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from otesse.cli import app
from otesse.config import get_settings
from otesse.core import sealing
from otesse.core.db import Database
from otesse.models import Address
from otesse.models.idempotency import IdempotencyKey
from tests.conftest import TEST_DATA_KEYS
from tests.factories import HOME, Tenant, create_customer

OLD_RING = sealing.KeyRing.parse(TEST_DATA_KEYS.split(",")[0])


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OTESSE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


async def _seal_with_the_old_key(database: Database) -> dict[str, str]:
    notes = {}
    async with database.transaction() as session:
        for address in await session.scalars(select(Address)):
            plain = sealing.unseal(address.access_notes, address.id)
            if plain is not None:
                notes[address.id] = plain
                address.access_notes = OLD_RING.seal(plain, address.id)
    return notes


async def test_rotate_reseals_everything_under_the_newest_key(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, cli_database: str
) -> None:
    ids = []
    for number in range(7):
        made = await create_customer(
            client,
            tenant,
            email=f"person{number}@example.com",
            address={**HOME, "access_notes": f"code {number}"},
        )
        ids.append(made["id"])
    made = await client.post(
        "/v1/customers",
        json={"first_name": "A", "last_name": "B", "email": "ab@example.com"},
        headers={**tenant.headers, "Idempotency-Key": "k-1"},
    )
    notes = await _seal_with_the_old_key(database)
    async with database.transaction() as session:
        stored = await session.scalar(select(IdempotencyKey.response_body))
        assert stored is not None
        bound = f"idempotency:{tenant.account_id}:{tenant.mode}:k-1"
        await session.execute(
            update(IdempotencyKey).values(
                response_body=OLD_RING.seal(sealing.ring().open(stored, bound), bound)
            )
        )
    before = (await client.get(f"/v1/customers/{ids[0]}", headers=tenant.headers)).content

    runner = CliRunner()
    # In a thread: the command runs its own event loop, as it does from a shell.
    result = await asyncio.to_thread(
        runner.invoke, app, ["data-keys", "rotate", "--batch-size", "3"]
    )

    assert result.exit_code == 0, result.output
    assert "addresses: 7 re-sealed" in result.stdout
    assert "idempotency_keys: 1 re-sealed" in result.stdout
    async with database.session(read_only=True) as session:
        rows = (await session.execute(select(Address.id, Address.access_notes))).all()
    assert {row.id for row in rows} == set(notes)
    assert all(row.access_notes.startswith("test-new:") for row in rows)
    assert all(sealing.unseal(row.access_notes, row.id) == notes[row.id] for row in rows)
    after = (await client.get(f"/v1/customers/{ids[0]}", headers=tenant.headers)).content
    assert after == before
    replay = await client.post(
        "/v1/customers",
        json={"first_name": "A", "last_name": "B", "email": "ab@example.com"},
        headers={**tenant.headers, "Idempotency-Key": "k-1"},
    )
    assert replay.content == made.content

    again = await asyncio.to_thread(runner.invoke, app, ["data-keys", "rotate"])
    assert again.exit_code == 0, again.output
    assert "addresses: 0 re-sealed" in again.stdout


async def test_rotate_stops_on_a_key_it_does_not_hold(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, cli_database: str
) -> None:
    made = await create_customer(client, tenant, address={**HOME, "access_notes": "code 9"})
    address_id = made["addresses"][0]["id"]
    gone = sealing.KeyRing.parse(sealing.new_key_entry("gone"))
    async with database.transaction() as session:
        await session.execute(
            update(Address)
            .where(Address.id == address_id)
            .values(access_notes=gone.seal("code 9", address_id))
        )

    result = await asyncio.to_thread(CliRunner().invoke, app, ["data-keys", "rotate"])

    assert result.exit_code == 1
    assert "missing from OTESSE_DATA_KEYS" in result.output


def test_generate_prints_a_usable_entry() -> None:
    result = CliRunner().invoke(app, ["data-keys", "generate", "k2"])
    assert result.exit_code == 0
    ring = sealing.KeyRing.parse(f"{TEST_DATA_KEYS},{result.stdout.strip()}")
    assert ring.newest == "k2"
    assert CliRunner().invoke(app, ["data-keys", "generate", "bad_id"]).exit_code == 2
