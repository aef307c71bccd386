"""The production topology on this machine: HAProxy, 3 API processes, 2 workers, PgBouncer.

Every process is a bench/servers.Server started from a config in deploy/ and stopped with
its process group, so nothing is left running. PgBouncer refuses to run as root: under root
it drops to the `postgres` user (-u), which must be able to write the work directory.
"""

import os
import shutil
import signal
import string
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import BIN, ROOT, Server, free_port

DEPLOY = ROOT / "deploy"
API_PROCESSES = 3
WORKER_PROCESSES = 2


def require(program: str) -> str:
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if not found:
        raise SystemExit(f"{program} is not installed: `make scale-packages` installs it")
    return found


def pgbouncer_server(workdir: Path, pg_host: str, pg_port: int) -> Server:
    port = free_port()
    config = string.Template((DEPLOY / "pgbouncer.ini").read_text()).safe_substitute(
        pg_host=pg_host, pg_port=pg_port, port=port, workdir=workdir
    )
    (workdir / "pgbouncer.ini").write_text(config)
    (workdir / "pgbouncer-users.txt").write_text('"postgres" ""\n')
    command = [require("pgbouncer"), str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
        shutil.chown(workdir, user="postgres")
    return Server("pgbouncer", command, {}, port, ready="tcp")


@dataclass
class Topology:
    """``database`` is a database name on ``pg_host:pg_port`` (migrated beforehand)."""

    database: str
    workdir: Path
    env: dict[str, str]
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    worker_env: dict[str, str] = field(default_factory=dict)
    apis: list[Server] = field(default_factory=list)
    workers: list[Server] = field(default_factory=list)
    pgbouncer: Server | None = None
    haproxy: Server | None = None
    stats_port: int = 0

    @property
    def pooled_url(self) -> str:
        assert self.pgbouncer is not None
        port = self.pgbouncer.port
        return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{self.database}"

    @property
    def direct_url(self) -> str:
        return f"postgresql+asyncpg://postgres@{self.pg_host}:{self.pg_port}/{self.database}"

    @property
    def base(self) -> str:
        assert self.haproxy is not None
        return self.haproxy.base

    def service_env(self) -> dict[str, str]:
        return {**self.env, "OTESSE_DATABASE_URL": self.pooled_url,
                "OTESSE_DATABASE_POOLER": "pgbouncer"}  # fmt: skip

    def start(self) -> None:
        self.pgbouncer = pgbouncer_server(self.workdir, self.pg_host, self.pg_port)
        self.pgbouncer.start(self.workdir)
        for n in range(API_PROCESSES):
            port = free_port()
            command = [str(BIN / "otesse"), "serve", "--no-worker", "--port", str(port)]
            self.apis.append(Server(f"api{n + 1}", command, self.service_env(), port))
        for n in range(WORKER_PROCESSES):
            command = [str(BIN / "otesse"), "worker"]
            env = {**self.service_env(), **self.worker_env}
            self.workers.append(Server(f"worker{n + 1}", command, env, 0))
        for process in self.workers:
            process.ready = "none"
            process.launch(self.workdir)
        # Importing the app is ~2 s of CPU each: started together, waited for in turn.
        for api in self.apis:
            api.launch(self.workdir)
        for api in self.apis:
            api.wait()
        lb_port, self.stats_port = free_port(), free_port()
        ports = {f"OTESSE_API{n + 1}_PORT": str(api.port) for n, api in enumerate(self.apis)}
        ports["OTESSE_LB_STATS_PORT"] = str(self.stats_port)
        command = [require("haproxy"), "-db", "-f", str(DEPLOY / "haproxy.cfg")]
        self.haproxy = Server("haproxy", command, {"OTESSE_LB_PORT": str(lb_port), **ports},
                              lb_port, ready="tcp")  # fmt: skip
        self.haproxy.start(self.workdir)
        self.wait_routed(len(self.apis))

    def wait_routed(self, count: int, timeout: float = 30.0) -> None:
        """Until HAProxy's answers come from ``count`` distinct processes."""
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy routes to {sorted(seen)} only")
            try:
                answer = httpx.get(self.base + "/v1/health", timeout=2)
                if answer.status_code == 200:
                    seen.add(answer.headers.get("x-otesse-process", ""))
            except httpx.TransportError:
                pass
            time.sleep(0.05)

    def requests_served(self) -> int:
        """Requests HAProxy has passed to the API processes so far (its stats page)."""
        page = httpx.get(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=5).text
        rows = [line.split(",") for line in page.splitlines()]
        header = [name.lstrip("# ") for name in rows[0]]
        for row in rows[1:]:
            fields = dict(zip(header, row, strict=False))
            if fields.get("pxname") == "otesse" and fields.get("svname") == "BACKEND":
                return int(fields.get("req_tot") or fields.get("stot") or 0)
        return 0

    def kill(self, process: Server) -> None:
        """SIGKILL: no shutdown at all (what a crash or the OOM killer does)."""
        assert process.process is not None
        os.killpg(process.process.pid, signal.SIGKILL)
        process.process.wait()

    def restart_pgbouncer(self) -> float:
        """SIGINT (PgBouncer's safe shutdown: transactions in flight finish), then a new one
        on the same port; returns the seconds it was not accepting."""
        assert self.pgbouncer is not None
        began = time.monotonic()
        self.pgbouncer.stop(signal.SIGINT)
        self.pgbouncer.start(self.workdir)
        return time.monotonic() - began

    def stop(self) -> None:
        """The load balancer first, then the API processes and workers (SIGTERM: they
        drain), PgBouncer last."""
        if self.haproxy is not None:
            self.haproxy.stop()
        with ThreadPoolExecutor() as pool:
            list(pool.map(Server.stop, [*self.apis, *self.workers]))
        if self.pgbouncer is not None:
            self.pgbouncer.stop()
