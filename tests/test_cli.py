"""The `otesse` command against the suite's database."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otesse.auth.keys import key_mode
from otesse.cli import app
from otesse.config import get_settings


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OTESSE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_keys_create_list_revoke(cli_database: str, database: object) -> None:
    runner = CliRunner()

    created = runner.invoke(app, ["keys", "create", "--account", "globex", "--mode", "live"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert key_mode(secret) == "live"

    listed = runner.invoke(app, ["keys", "list"])
    assert listed.exit_code == 0
    [row] = [line for line in listed.stdout.splitlines() if "globex" in line]
    key_id, account, mode, redacted, state, _ = row.split("\t")
    assert (account, mode, state) == ("globex", "live", "active")
    assert secret not in listed.stdout and redacted.endswith(secret[-4:])

    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["keys", "list"]).stdout
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 1


def test_keys_create_refuses_an_unknown_mode(cli_database: str) -> None:
    result = CliRunner().invoke(app, ["keys", "create", "--account", "x", "--mode", "prod"])
    assert result.exit_code != 0


def test_demo_key_is_the_same_on_every_run(
    cli_database: str, database: object, tmp_path: Path
) -> None:
    runner = CliRunner()
    remember = str(tmp_path / "demo_key")

    first = runner.invoke(app, ["keys", "demo", "--remember-in", remember]).stdout.strip()
    second = runner.invoke(app, ["keys", "demo", "--remember-in", remember]).stdout.strip()

    assert key_mode(first) == "test"
    assert first == second
