"""The package as a user installs it: a built wheel (not an editable checkout) in a fresh
virtual environment migrates a fresh database and serves it.

The wheel is built offline from this checkout (--no-build-isolation, with the dev
environment's setuptools) and installed without its dependencies; the fresh environment
takes those from the dev environment's site-packages through a .pth line, so the test
downloads nothing. That line adds the directory only: the editable install's own .pth there
is not processed, so `otesse` is imported from the wheel's copy (asserted below), migrations
included.
"""

import asyncio
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import _postgres_admin, _postgres_url
from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = ("__pycache__", "*.egg-info")


def _run(*command: str | Path, **options: object) -> str:
    done = subprocess.run(
        [str(part) for part in command], check=True, capture_output=True, text=True, **options
    )  # type: ignore[call-overload]
    return str(done.stdout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh venv holding the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    # A clean copy: an in-place build would reuse a stale build/ directory.
    source = work / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns(*LEFT_OUT))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", work, source)
    [wheel] = work.glob("otesse-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel)
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    )
    (site / "dev-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    imported = _run(python, "-c", "import otesse; print(otesse.__file__)", cwd=work)
    assert imported.startswith(str(site)), imported  # the wheel's copy, not the checkout
    return venv / "bin"


@pytest.fixture
def fresh_database_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    if database_kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"otesse_wheel_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    base = _postgres_url().rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)
    finally:
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_the_installed_wheel_migrates_and_serves(
    installed: Path, fresh_database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "OTESSE_DATABASE_URL": fresh_database_url,
        "OTESSE_MAIL_URL": f"file://{tmp_path / 'mail'}",
    }
    # Run from an empty directory: nothing of the checkout is at hand.
    _run(installed / "otesse", "migrate", env=env, cwd=tmp_path)
    key = _run(installed / "otesse", "keys", "create", "--account", "wheel", env=env, cwd=tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [installed / "otesse", "serve", "--port", str(port), "--no-worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        health = _wait_for_health(f"{base_url}/v1/health", server)
        headers = {"Authorization": f"Bearer {key.strip()}"}
        customers = httpx.get(f"{base_url}/v1/customers", headers=headers, timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "ok", health.json()
    # The migrated schema serves the API (the customers list reads its counter tables too).
    assert customers.status_code == 200, customers.text
    assert customers.json()["pagination"]["total"] == 0


def _wait_for_health(url: str, server: subprocess.Popen[bytes]) -> httpx.Response:
    for _ in range(300):
        assert server.poll() is None, f"otesse serve exited with {server.returncode}"
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(url)
