"""The outbox worker: claims due messages, hands each to its topic's sender, records the end.

Runs inside ``otesse serve`` (unless ``--no-worker``) and alone as ``otesse worker``; any
number may run against one PostgreSQL database (claims skip each other's rows). New messages
are picked up at once on PostgreSQL (LISTEN/NOTIFY on a dedicated connection) and within
``outbox_poll_seconds`` everywhere (the poll also brings back due retries and lapsed leases).
Beside that loop each worker runs the events' one (webhooks/delivery.py): it numbers newly
committed events, fans them out to webhook endpoints and delivers them.

Behind PgBouncer in transaction mode LISTEN cannot work (it is session state), so there the
poll alone finds them. Stopping (SIGTERM) claims nothing more, lets the messages in hand
finish within ``shutdown_grace_seconds`` and releases whatever is still claimed.
"""

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.config import Settings, get_settings
from otesse.core import leases, outbox
from otesse.core.db import Database
from otesse.core.logging import configure_logging, get_logger
from otesse.core.outbox import DeliveryFailed, OutboxEntry
from otesse.core.outbox_topics import discover
from otesse.mail.transport import Transport, transport_from_url
from otesse.webhooks.delivery import Dispatcher

log = get_logger("otesse.worker")


class Sender(Protocol):
    topic: str

    async def deliver(self, entry: OutboxEntry) -> bool: ...
    async def on_sent(self, session: AsyncSession, entry: OutboxEntry) -> None: ...
    async def on_failed(self, session: AsyncSession, entry: OutboxEntry) -> None: ...


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Worker:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        *,
        transport: Transport | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.worker_id = worker_id or new_worker_id()
        transport = transport or transport_from_url(
            settings.mail_url, timeout=settings.mail_timeout_seconds
        )
        # Each topic's sender, as its domain registered it (core/outbox_topics.py).
        self.senders: dict[str, Sender] = {
            name: topic.sender(database, settings, transport) for name, topic in discover().items()
        }
        # Events and webhooks: a loop of its own beside the outbox's (webhooks/delivery.py).
        self.dispatcher = Dispatcher(database, settings, worker_id=self.worker_id)
        self._wake = asyncio.Event()
        self._stopping = False

    def stop(self) -> None:
        """Finish the messages in hand, then return from run()."""
        self._stopping = True
        self._wake.set()
        self.dispatcher.stop()

    async def run(self) -> None:
        log.info("worker_started", worker_id=self.worker_id)
        listener = None
        if not self.database.is_sqlite and not self.database.sessions_last_one_transaction:
            listener = asyncio.create_task(self._listen())
        dispatching = asyncio.create_task(self.dispatcher.run())
        try:
            while not self._stopping:
                try:
                    handled = await self.run_once()
                except Exception as error:
                    log.error("outbox_round_failed", error=type(error).__name__)
                    handled = 0
                if handled < self.settings.outbox_batch_size:
                    await self._idle()
        finally:
            self.dispatcher.stop()
            await dispatching
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener
            log.info("worker_stopped", worker_id=self.worker_id)

    async def run_once(self) -> int:
        """Claim one batch of due messages and send them; returns how many were claimed."""
        async with self.database.transaction() as session:
            claimed = await outbox.claim(
                session,
                worker_id=self.worker_id,
                limit=self.settings.outbox_batch_size,
                lease_seconds=self.settings.outbox_lease_seconds,
            )
        if not claimed:
            return 0
        # Kept while the batch is in hand, so only a dead worker's claims lapse (core/leases.py).
        lease = self.settings.outbox_lease_seconds
        renew = partial(
            outbox.extend_leases,
            worker_id=self.worker_id,
            outbox_ids=[entry.id for entry in claimed],
            lease_seconds=lease,
        )
        async with leases.renewed(self.database, renew, lease_seconds=lease):
            outcomes = await asyncio.gather(
                *(self._handle(entry) for entry in claimed), return_exceptions=True
            )
        for entry, outcome in zip(claimed, outcomes, strict=True):
            if isinstance(outcome, Exception):
                # Recording the outcome failed (the database went away): the lease brings
                # the message back.
                log.error("outbox_record_failed", outbox_id=entry.id, error=type(outcome).__name__)
        return len(claimed)

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.settings.outbox_poll_seconds)
        self._wake.clear()
        if self._stopping:
            self._wake.set()

    async def _handle(self, entry: OutboxEntry) -> None:
        sender = self.senders.get(entry.topic)
        try:
            if sender is None:
                raise outbox.PermanentFailure(f"no sender for topic {entry.topic!r}")
            if entry.attempts > self.settings.outbox_max_attempts:
                # Only lapsed leases count past the limit: a message whose every claim ended
                # with its worker dead is not tried forever.
                raise outbox.PermanentFailure("gave up: every worker that took it died")
            delivered = await sender.deliver(entry)
        except DeliveryFailed as failure:
            await self._recorded(partial(self._failed, entry, sender, failure))
        except Exception as error:
            # A bug or a database hiccup: count it as a transient failure, never lose it.
            log.error("outbox_send_crashed", outbox_id=entry.id, error=type(error).__name__)
            transient = outbox.TransientFailure(type(error).__name__)
            await self._recorded(partial(self._failed, entry, sender, transient))
        else:
            await self._recorded(partial(self._finished, entry, sender, delivered))

    async def _recorded(self, record: Callable[[], Awaitable[None]]) -> None:
        """Record an outcome, trying again while the database is away (a pooler or server
        restart) for half the lease: past it, the lease brings the message back, and a
        delivered one is sent again, a duplicate the recipient sees."""
        deadline = time.monotonic() + self.settings.outbox_lease_seconds / 2
        pause = 0.2
        while True:
            try:
                await record()
                return
            except (DBAPIError, OSError):
                if time.monotonic() + pause > deadline:
                    raise
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

    async def _finished(self, entry: OutboxEntry, sender: Sender | None, delivered: bool) -> None:
        async with self.database.transaction() as session:
            if not delivered:
                await outbox.mark_cancelled(session, entry.id, reason="no longer needed")
                log.info("outbox_cancelled", outbox_id=entry.id)
                return
            if await outbox.mark_sent(session, entry.id) and sender is not None:
                await sender.on_sent(session, entry)
        log.info("outbox_sent", outbox_id=entry.id, message_id=entry.message_id)

    async def _failed(
        self, entry: OutboxEntry, sender: Sender | None, failure: DeliveryFailed
    ) -> None:
        error = str(failure) or type(failure).__name__
        async with self.database.transaction() as session:
            if failure.permanent or entry.attempts >= self.settings.outbox_max_attempts:
                dead = await outbox.mark_dead(
                    session, entry.id, worker_id=self.worker_id, error=error
                )
                if dead and sender is not None:
                    await sender.on_failed(session, entry)
                log.warning(
                    "outbox_dead",
                    outbox_id=entry.id,
                    attempts=entry.attempts,
                    permanent=failure.permanent,
                )
                return
            delay = outbox.backoff_seconds(
                entry.attempts,
                base=self.settings.outbox_backoff_base_seconds,
                maximum=self.settings.outbox_backoff_max_seconds,
            )
            await outbox.mark_retry(
                session, entry.id, worker_id=self.worker_id, error=error, delay_seconds=delay
            )
        log.info("outbox_retry", outbox_id=entry.id, attempts=entry.attempts, delay=delay)

    async def _listen(self) -> None:
        """Wake on NOTIFY; reconnect after a lost connection (polling covers the gap)."""
        url = make_url(self.database.url).set(drivername="postgresql")
        while True:
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(
                    url.render_as_string(hide_password=False), timeout=5
                )
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("outbox_listen_unavailable", error=type(error).__name__)
                await asyncio.sleep(5)
                continue
            try:
                connection.add_termination_listener(lambda *_, lost=lost: lost.set())
                await connection.add_listener(outbox.NOTIFY_CHANNEL, self._on_notify)
                # Anything queued before LISTEN started is found by the next poll.
                self._wake.set()
                await lost.wait()
            finally:
                with contextlib.suppress(Exception):
                    await connection.close()

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()

    async def drain(self, task: "asyncio.Task[None]", grace: float) -> None:
        """Stop: the messages in hand get ``grace`` seconds to finish, then whatever this
        worker still holds is released for the others (rather than waiting out its lease)."""
        self.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            async with self.database.transaction() as session:
                released = await outbox.release(session, worker_id=self.worker_id)
        except Exception as error:
            # The database is away: the lease brings the messages back.
            log.warning("outbox_release_failed", error=type(error).__name__)
            return
        if released:
            log.info("outbox_released", worker_id=self.worker_id, count=released)


@contextlib.asynccontextmanager
async def worker_in_background(database: Database, settings: Settings) -> AsyncIterator[None]:
    """Run a worker beside the API for the lifetime of the app (when run_worker is set)."""
    if not settings.run_worker:
        yield
        return
    worker = Worker(database, settings)
    task = asyncio.create_task(worker.run())
    try:
        yield
    finally:
        await worker.drain(task, settings.shutdown_grace_seconds)


def run_worker_process() -> None:
    """``otesse worker``: run until SIGINT or SIGTERM, then finish the messages in hand."""
    settings = get_settings()
    configure_logging(settings.log_level)

    async def main() -> None:
        database = Database(settings.database_url, pool_size=4)
        worker = Worker(database, settings)
        task = asyncio.create_task(worker.run())
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stopping.set)
        try:
            await asyncio.wait(
                [task, asyncio.create_task(stopping.wait())], return_when=asyncio.FIRST_COMPLETED
            )
            await worker.drain(task, settings.shutdown_grace_seconds)
        finally:
            await database.dispose()

    asyncio.run(main())
