"""The `otesse` command against the suite's database, run from async tests in a thread (it
runs its own event loop), and the sample files of each preset."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from otesse.cli import app
from otesse.config import get_settings

SAMPLES = Path(__file__).parent / "samples"
Cli = Callable[..., Awaitable[Result]]


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    monkeypatch.setenv("OTESSE_DATABASE_URL", database_url)
    get_settings.cache_clear()

    async def invoke(*args: str | Path) -> Result:
        runner = CliRunner()
        return await asyncio.to_thread(runner.invoke, app, [str(arg) for arg in args])

    yield invoke
    get_settings.cache_clear()
