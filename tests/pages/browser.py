"""The real browser of the page tests: Debian's Chromium, headless, driven by selenium
through Debian's chromium-driver (the driver built for that very Chromium).

Nothing is downloaded at run time: both come from the system (``make browser`` installs
them when missing). One browser serves the whole test run.
"""

import gc
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from otesse.app import create_app
from otesse.config import Settings
from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "bench" / "results"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail(
            "Debian's chromium and chromium-driver are needed: `make browser` installs them "
            "(apt-get install chromium chromium-driver)."
        )
    # Selenium Manager is never asked for a browser or a driver: both paths are given.
    os.environ["SE_AVOID_STATS"] = "true"
    options = Options()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield session
    finally:
        session.quit()


@contextmanager
def live_server(settings: Settings, port: int) -> Iterator[str]:
    """The app (with its outbox worker) on a real socket, in a thread of this process."""
    # A serving app tunes the collector for its process (app._tune_garbage_collector): put
    # it back afterwards, for the rest of the test run.
    threshold = gc.get_threshold()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    try:
        # Stopped however this ends: a server that started late (a loaded CI machine) and was
        # left running kept its outbox worker polling the shared test database, and took the
        # next tests' messages to this test's closed SMTP server.
        _wait_until_started(server, thread, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)


def live_port() -> int:
    return free_port()


def screenshot(browser: WebDriver, name: str) -> Path:
    """Saved under bench/results/ (not committed) for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # The whole page, not only the viewport: the form is taller than a phone's screen.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, max(int(height) + 140, 600))
    browser.save_screenshot(str(path))
    return path
