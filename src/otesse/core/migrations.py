"""Running the Alembic migrations from code (the CLI, `make run`, the test harness)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from otesse.core.db import normalise_database_url

# The migrations ship inside the package (package-data in pyproject.toml), so a wheel install
# migrates as well as an editable one.
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = normalise_database_url(database_url)
    return config


def upgrade_to_head(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")
