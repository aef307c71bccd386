"""Alembic environment: runs the migrations on the async engine of OTESSE_DATABASE_URL.

The URL may also be handed over programmatically (``config.attributes["database_url"]``),
which is how ``otesse migrate`` and the test harness call it.
"""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from otesse.config import get_settings
from otesse.core.db import DatabaseTimeouts, create_engine
from otesse.models import Base

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else get_settings().database_url


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    # A migration's backfill reads whole tables (0024 every customer's search text, about a
    # minute at a million customers): no statement bound, unlike a request's.
    engine = create_engine(database_url(), timeouts=DatabaseTimeouts(statement=None))
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `otesse migrate`")

connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    asyncio.run(run_online())
