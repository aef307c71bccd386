"""Real API processes for the tests that need more than one process or a real socket."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.log_audit import watch_log_file

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {base_url} exited with {process.returncode}")
        try:
            httpx.get(f"{base_url}/v1/openapi.json", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"the server at {base_url} did not start in {timeout} s")


@contextmanager
def served(
    env: dict[str, str], *, factory: str | None = None, log_path: Path | None = None
) -> Iterator[str]:
    """Serve the API on a free port with ``env`` added to ours; yields the base URL.

    ``factory`` (``module:function``) serves another app factory through uvicorn, the way
    ``otesse serve`` serves ``otesse.app:create_app``; by default it is ``otesse serve``.
    """
    port = free_port()
    if factory is None:
        command = [str(BIN / "otesse"), "serve", "--port", str(port)]
    else:
        command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--port", str(port)]
        command += ["--no-access-log"]
    output = log_path.open("wb") if log_path else subprocess.DEVNULL
    if log_path:
        watch_log_file(log_path)
    process = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path and output is not subprocess.DEVNULL:
            output.close()  # type: ignore[union-attr]
