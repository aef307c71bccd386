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
