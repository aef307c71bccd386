"""The database: one async engine per process, sessions, and the dialect differences.

SQLite is the embedded default and PostgreSQL is production. The few places where the two
behave differently (transaction start, connection pragmas, statement plans) are settled here;
a domain whose queries differ declares its two implementations once as a :class:`PerDialect`
(docs/architecture.md), and this module is the only one that asks which database it is on.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from uuid import uuid4

import orjson
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from otesse.config import get_settings

PGBOUNCER = "pgbouncer"

Implementation = TypeVar("Implementation")


@dataclass(frozen=True, slots=True)
class PerDialect(Generic[Implementation]):
    """One concern's implementation for each database, declared together in its domain.

    Both are required, so a concern cannot forget a database; :meth:`of` picks the session's.
    The choice follows the session's engine (one per process, set at start-up), not a global,
    so a command or a test can hold engines of both kinds at once.
    """

    sqlite: Implementation
    postgresql: Implementation

    def of(self, where: AsyncSession | AsyncConnection) -> Implementation:
        return self.postgresql if _on_postgresql(where) else self.sqlite


def _on_postgresql(where: AsyncSession | AsyncConnection) -> bool:
    bind = where.get_bind() if isinstance(where, AsyncSession) else where
    return bind.dialect.name == "postgresql"


def normalise_database_url(url: str) -> str:
    """Accept the URLs people type (``postgresql://``, ``sqlite:///``) and pick the async driver."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_database_url(url)).get_backend_name() == "sqlite"


def compact_json(value: Any) -> str:
    """JSON columns are written as orjson writes them (compact, keys in order): PostgreSQL's
    `json` type keeps that text, so a document it builds embeds the bytes the Python renderer
    writes (customers.metadata and tags, representation.py)."""
    return orjson.dumps(value).decode()


JSON_CODEC: dict[str, Any] = {"json_serializer": compact_json, "json_deserializer": orjson.loads}


def _configure_sqlite(engine: AsyncEngine, *, begin: str) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction starts (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Overwrite what a change removes instead of leaving it in free space: an erased
        # person's values leave the file at the next checkpoint (docs/privacy.md).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


# A writer's transaction takes the write lock up front: two requests that read then write the
# same customer queue behind each other instead of failing with SQLITE_BUSY mid-transaction.
SQLITE_WRITE_BEGIN = "BEGIN IMMEDIATE"
# A reader's is deferred: under WAL it reads one snapshot and never waits for a writer.
SQLITE_READ_BEGIN = "BEGIN"


@dataclass(frozen=True, slots=True)
class DatabaseTimeouts:
    """How long PostgreSQL may take before a request gives up with a 503 (docs/operations.md).

    A database that is stalled rather than down (its processes stopped, TCP still accepting)
    answers nothing, so each wait needs its own bound: opening a connection, waiting for a
    pooled one, and each statement (the client-side timer; a frozen server cannot enforce its
    own). The defaults suit commands and workers; API processes take theirs from the settings.
    """

    connect: float = 5.0
    checkout: float = 30.0
    statement: float | None = 30.0  # None: no bound (migrations, which read whole tables)


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    timeouts: DatabaseTimeouts | None = None,
    sqlite_begin: str = SQLITE_WRITE_BEGIN,
    pooler: str | None = None,
) -> AsyncEngine:
    """``pooler`` defaults to the setting ``OTESSE_DATABASE_POOLER``."""
    timeouts = timeouts or DatabaseTimeouts()
    url = normalise_database_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, hide_parameters=True, **JSON_CODEC)
        _configure_sqlite(engine, begin=sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {
        # No plan_cache_mode here: search patterns reach the planner as constants
        # (customers/filters.py), so cached generic plans are safe and save the
        # ~0.5-1 ms of planning the customer JSON statements would cost each time.
        "timeout": timeouts.connect,
        "command_timeout": timeouts.statement,
    }
    if (pooler if pooler is not None else get_settings().database_pooler) == PGBOUNCER:
        connect_args.update(PGBOUNCER_CONNECT_ARGS)
    engine = create_async_engine(
        url,
        # Parameters carry personal data; keep them out of exception messages and logs.
        hide_parameters=True,
        **JSON_CODEC,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=timeouts.checkout,
        connect_args=connect_args,
    )
    _discard_closed_connections(engine)
    return engine


def _statement_name() -> str:
    return f"__otesse_{uuid4().hex}__"


# Through PgBouncer in transaction mode (1.18 cannot carry prepared statements between
# server connections) each transaction may run on another server connection. So: no
# statement cache in asyncpg (its own fetches use the unnamed statement) nor in SQLAlchemy's
# adapter, which still prepares each statement by name, so the names are unique: a name
# left on a server connection by another client never collides. Both live only inside the
# transaction that made them (deploy/pgbouncer.ini discards them after each one).
PGBOUNCER_CONNECT_ARGS: dict[str, Any] = {
    "statement_cache_size": 0,
    "prepared_statement_cache_size": 0,
    "prepared_statement_name_func": _statement_name,
}


def _discard_closed_connections(engine: AsyncEngine) -> None:
    """Check a pooled connection before use without a round trip.

    SQLAlchemy's pool_pre_ping costs three round trips per checkout with asyncpg (BEGIN, a
    ping, ROLLBACK): as much as the rest of a read. A connection the server closed (restart,
    terminated backend) is known to asyncpg as closed as soon as the event loop sees the
    socket end; such a connection is discarded and the pool hands out a fresh one, so the
    first requests after the database returns still succeed. A connection that breaks during
    a request invalidates the pool's older connections (SQLAlchemy's disconnect handling).
    """

    @event.listens_for(engine.sync_engine, "checkout")
    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("connection closed by the server")


# The key of a read session's `info` that holds the factory of write sessions.
WRITER = "write_sessionmaker"


class Database:
    """The engine and session factory of one process."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        engine: AsyncEngine | None = None,
        timeouts: DatabaseTimeouts | None = None,
        pooler: str | None = None,
    ) -> None:
        """``engine`` replaces the one built from ``url`` (tests tune its pool); ``pooler``
        defaults to the setting ``OTESSE_DATABASE_POOLER``."""
        self.url = normalise_database_url(url)
        self.pooler = pooler if pooler is not None else get_settings().database_pooler
        self.engine = engine or create_engine(
            self.url, pool_size=pool_size, timeouts=timeouts, pooler=self.pooler
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # Read-only requests on PostgreSQL run each statement in its own implicit transaction:
        # no BEGIN and COMMIT round trips. Under READ COMMITTED every statement of a
        # transaction takes a new snapshot anyway, so a read sees exactly what it would have
        # seen inside one. Not through PgBouncer: outside a transaction it may hand a
        # statement's parse and its execution to two server connections, so there reads run
        # in transactions too. On SQLite they run in deferred transactions on engines of their
        # own, so a reader never queues behind a writer's lock. A read that must write once
        # (registering a search term) asks its session's `info[WRITER]` for a write session.
        if self.pooler == PGBOUNCER and not self.is_sqlite:
            self.read_engine = self.engine
        elif not self.is_sqlite:
            self.read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        elif make_url(self.url).database in (None, "", ":memory:"):
            self.read_engine = self.engine  # one in-memory database per engine: share it
        else:
            self.read_engine = create_engine(self.url, sqlite_begin=SQLITE_READ_BEGIN)
        self.read_sessionmaker = async_sessionmaker(
            self.read_engine, expire_on_commit=False, info={WRITER: self.sessionmaker}
        )

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def sessions_last_one_transaction(self) -> bool:
        """Behind a transaction-mode pooler a connection's session state (LISTEN, SET, a
        session advisory lock) lasts one transaction: never rely on it."""
        return self.pooler == PGBOUNCER

    def session(self, *, read_only: bool = False) -> AsyncSession:
        """A new session, closed by ``async with``: the AsyncSession itself, not a context
        manager around it (a generator-based one cost ~3 % of a list request's process)."""
        factory = self.read_sessionmaker if read_only else self.sessionmaker
        return factory()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session committed on success and rolled back on error (CLI, worker, tests)."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.is_sqlite and self.read_engine is not self.engine:
            await self.read_engine.dispose()


async def driver_connection(session: AsyncSession) -> Any:
    """The session's asyncpg connection, for the few hot statements that skip SQLAlchemy's
    per-statement work (PostgreSQL only). Pending ORM changes are flushed first, so the
    statement sees them; it runs in the session's transaction, if any."""
    if session.new or session.dirty or session.deleted:  # a flush is a greenlet hop even when clean
        await session.flush()
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection
