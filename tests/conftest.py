"""The harness: the app under test on a real database with the real migrations applied.

Choose the database with ``--database sqlite|postgresql`` (``make test`` runs both). The
PostgreSQL run creates a fresh database from ``OTESSE_TEST_POSTGRES_URL`` and drops it after.
Every test starts from empty tables.

Through PgBouncer (``make test-pgbouncer``): ``OTESSE_TEST_POSTGRES_URL`` names the pooler,
``OTESSE_TEST_POSTGRES_ADMIN_URL`` the server itself (CREATE and DROP DATABASE cannot go
through a pooler), and ``OTESSE_DATABASE_POOLER=pgbouncer`` reaches every engine.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import text

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.migrations import upgrade_to_head
from otesse.models import Base
from tests.factories import Tenant, make_tenant

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# The suite's key ring sealing access notes (core/sealing.py), in the environment so the API
# processes and CLI runs the tests start share it. Two keys: the newest (last) seals.
TEST_DATA_KEYS = (
    "test-old=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8,"
    "test-new=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"
)
os.environ.setdefault("OTESSE_DATA_KEYS", TEST_DATA_KEYS)

# Fails the session if a key secret or a customer email used by the suite reaches a log.
pytest_plugins = ["tests.support.log_audit"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="Database the suite runs against.",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {config.getoption('--database')}"


@pytest.fixture(scope="session")
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--database"))


def _postgres_url() -> str:
    return os.environ.get("OTESSE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_admin_url() -> str:
    return os.environ.get("OTESSE_TEST_POSTGRES_ADMIN_URL") or _postgres_url()


async def _postgres_admin(statement: str) -> None:
    url = _postgres_admin_url().replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if database_kind == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "otesse.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade_to_head(url)
        yield url
        return
    name = f"otesse_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        pytest.exit(
            f"PostgreSQL is unreachable at {_postgres_admin_url()} ({error}). Start it, or "
            "point OTESSE_TEST_POSTGRES_URL at one; the suite never skips it silently.",
            returncode=3,
        )
    base = _postgres_url().rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    mail_dir = tmp_path_factory.mktemp("mail")
    # Webhook receivers in the tests listen on 127.0.0.1 (as under `make run`).
    return Settings(
        database_url=database_url,
        mail_url=f"file://{mail_dir}",
        webhook_allow_private_networks=True,
        secret_key=SecretStr("test-secret-key-for-the-suite"),
    )


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=5)
    yield database
    await database.dispose()


@pytest.fixture(autouse=True)
async def empty_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Each test starts from empty tables (only for tests that use the database)."""
    yield
    if "database" not in request.fixturenames:
        return
    database: Database = request.getfixturevalue("database")
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    # DELETE beats TRUNCATE on tables this small: TRUNCATE swaps files and costs ~0.4 s.
    async with database.transaction() as session:
        # The consent ledger refuses deletion but by erasure (migration 0007): erase it first.
        await session.execute(
            text("INSERT INTO consent_erasures SELECT DISTINCT customer_id FROM consents")
        )
        await session.execute(text("DELETE FROM consents"))
        for table in tables:
            await session.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app(settings: Settings, database: Database) -> FastAPI:
    return create_app(settings, database=database)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def tenant(database: Database) -> Tenant:
    """An account with a test-mode key: ``tenant.headers`` authenticates a request."""
    return await make_tenant(database, name="acme", mode="test")
