"""Every migration can be undone: a fresh database goes up to head, down to nothing and up
again, on SQLite and on PostgreSQL (the triggers of 0002 and 0004 make SQLite's table
changes delicate)."""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from otesse.core.db import Database
from otesse.core.migrations import alembic_config, upgrade_to_head


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def fresh_database_url(database_kind: str, database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database beside the suite's one."""
    if database_kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        return
    server = database_url.rsplit("/", 1)[0]
    admin = server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    name = f"otesse_migrations_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        asyncio.run(_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _versions(url: str) -> list[str]:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            rows = await connection.scalars(text("SELECT version_num FROM alembic_version"))
            return list(rows)
    finally:
        await database.dispose()


def test_migrations_go_down_to_nothing_and_up_again(fresh_database_url: str) -> None:
    config = alembic_config(fresh_database_url)
    head = ScriptDirectory.from_config(config).get_current_head()
    upgrade_to_head(fresh_database_url)

    command.downgrade(config, "base")
    assert asyncio.run(_versions(fresh_database_url)) == []

    upgrade_to_head(fresh_database_url)
    assert asyncio.run(_versions(fresh_database_url)) == [head]


async def _insert_endpoint(url: str, endpoint_id: str, sealed: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO accounts (id, name, created_at) "
                    "VALUES ('acct_m', 'm', CURRENT_TIMESTAMP)"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO webhook_endpoints (id, account_id, mode, url, enabled_events, "
                    "status, secret_encrypted, created_at, updated_at) VALUES (:id, 'acct_m', "
                    "'test', 'https://example.com/h', '[\"*\"]', 'enabled', :sealed, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": endpoint_id, "sealed": sealed},
            )
    finally:
        await database.dispose()


async def _stored_secret(url: str, endpoint_id: str) -> str:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            stored: str = await connection.scalar(
                text("SELECT secret_encrypted FROM webhook_endpoints WHERE id = :id"),
                {"id": endpoint_id},
            )
            return stored
    finally:
        await database.dispose()


def test_0017_moves_a_webhook_secret_onto_the_key_ring(fresh_database_url: str) -> None:
    """A secret 0012 encrypted under the key derived from OTESSE_SECRET_KEY opens, after
    0017, from the data key ring, bound to its endpoint."""
    import base64
    import os

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from otesse.config import get_settings
    from otesse.core.sealing import ring
    from otesse.invitations.tokens import load_secret

    config = alembic_config(fresh_database_url)
    command.upgrade(config, "0016")
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"otesse webhook signing secrets v1"
    ).derive(load_secret(get_settings()))
    nonce = os.urandom(12)
    secret = "whsec_" + base64.b64encode(b"x" * 24).decode()
    old = (
        "v1."
        + base64.b64encode(nonce + AESGCM(key).encrypt(nonce, secret.encode(), b"we_m")).decode()
    )
    asyncio.run(_insert_endpoint(fresh_database_url, "we_m", old))

    command.upgrade(config, "0017")
    stored = asyncio.run(_stored_secret(fresh_database_url, "we_m"))
    assert secret not in stored and not stored.startswith("v1.")
    assert ring().open(stored, "we_m") == secret
