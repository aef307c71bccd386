"""The three ways bench/faults.py breaks PostgreSQL under load, on its private cluster.

- ``stopped``: ``pg_ctl stop -m immediate``, then started again: connections are refused.
- ``frozen``: every process of the cluster SIGSTOPped, then SIGCONTinued: the kernel still
  accepts TCP connections, nothing answers (a stalled disk, a hung VM, a paused container).
- ``terminated``: every client backend terminated (``pg_terminate_backend``) every 0.5 s,
  the server otherwise up: connections die mid-transaction and are replaced.
"""

import asyncio
import time
from dataclasses import dataclass, field

import asyncpg
from pgcluster import PrivatePostgres

MODES = ("stopped", "frozen", "terminated")
TERMINATE_EVERY_SECONDS = 0.5
_TERMINATE = """
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


@dataclass
class Fault:
    mode: str
    cluster: PrivatePostgres
    terminated: int = 0
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def begin(self) -> None:
        if self.mode == "stopped":
            await asyncio.to_thread(self.cluster.stop, "immediate")
        elif self.mode == "frozen":
            await asyncio.to_thread(self.cluster.freeze)
        else:
            self._task = asyncio.create_task(self._terminate_backends())

    async def end(self) -> float:
        """Undo the fault; the moment the database is whole again."""
        if self.mode == "stopped":
            return await asyncio.to_thread(self.cluster.start)
        if self.mode == "frozen":
            return await asyncio.to_thread(self.cluster.thaw)
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        return time.monotonic()

    async def _terminate_backends(self) -> None:
        # Its own connection, which the statement spares (pg_backend_pid).
        connection = await asyncpg.connect(self.cluster.url.replace("+asyncpg", ""))
        try:
            while True:
                self.terminated += int(await connection.fetchval(_TERMINATE))
                await asyncio.sleep(TERMINATE_EVERY_SECONDS)
        finally:
            await connection.close()
