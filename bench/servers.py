"""Start and stop the two sides (our service and the baseline), and read their memory."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180


# Shared by the server and the webhook worker the bench starts: both must open the secrets.
BENCH_SECRET_KEY = "bench-secret-key-not-for-production"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    # How start() knows it serves: an HTTP answer on the port, the port accepting (PgBouncer,
    # HAProxy), or nothing (a worker has no port).
    ready: str = "http"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, logdir: Path) -> None:
        self.launch(logdir)
        self.wait()

    def launch(self, logdir: Path) -> None:
        self.log = logdir / f"{self.name}.log"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                env={**os.environ, **self.env},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as a whole below
            )

    def wait(self) -> None:
        assert self.process is not None
        # Importing the app takes ~2 s of CPU per process; on a shared, loaded machine the
        # three processes of a side took up to a minute of wall time to answer.
        deadline = time.monotonic() + STARTUP_SECONDS
        while self.ready != "none" and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if self.ready == "tcp":
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                else:
                    urllib.request.urlopen(self.base + "/", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.3)
        if self.ready != "none":
            raise RuntimeError(f"{self.name} did not start; see {self.log}")

    def stop(self, stop_signal: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, stop_signal)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def pids(self) -> list[int]:
        """The server process and its descendants (uvicorn's workers)."""
        if self.process is None:
            return []
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        family = {self.process.pid}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in family and pid not in family:
                    family.add(pid)
                    grew = True
        return sorted(family)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class MemoryWatch:
    """Samples the RSS of a server's processes while a load runs; keeps each one's peak."""

    server: Server
    peaks: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> "MemoryWatch":
        pids = self.server.pids()

        def sample() -> None:
            while not self._stop.wait(0.25):
                for pid in pids:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss_mb(pid))

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    @property
    def peak(self) -> float:
        return max(self.peaks.values(), default=0.0)


def ours(database_url: str) -> Server:
    help_text = subprocess.run(
        [str(BIN / "otesse"), "serve", "--help"], capture_output=True, text=True, check=False
    ).stdout
    port = free_port()
    command = [str(BIN / "otesse"), "serve", "--workers", "2", "--port", str(port)]
    if "--no-worker" in help_text:
        command.append("--no-worker")
    env = {
        "OTESSE_DATABASE_URL": database_url,
        # The benchmark drives one key far past the production limit on purpose.
        "OTESSE_RATE_LIMIT_PER_SECOND": "1000000000",
        "OTESSE_RATE_LIMIT_BURST": "1000000000",
        "OTESSE_LOG_LEVEL": "WARNING",
        # The webhook rows deliver to a receiver on 127.0.0.1 (bench/webhooks.py).
        "OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "OTESSE_SECRET_KEY": BENCH_SECRET_KEY,
    }
    return Server("otesse", command, env, port)


def baseline(dsn: str) -> Server:
    port = free_port()
    command = [
        str(BIN / "uvicorn"),
        "bench.baseline.app:app",
        "--workers",
        "2",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return Server("baseline", command, {"BASELINE_DATABASE_URL": dsn}, port)
