"""A served API for the client suites: the clients speak HTTP to a real process, as a
developer's program would."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import served


@pytest.fixture(scope="module")
def api_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    mail: Path = tmp_path_factory.mktemp("client-mail")
    env = {
        "OTESSE_DATABASE_URL": database_url,
        "OTESSE_MAIL_URL": f"file://{mail}",
        "OTESSE_LOG_LEVEL": "WARNING",
        "OTESSE_RATE_LIMIT_PER_SECOND": "1000",
        "OTESSE_RATE_LIMIT_BURST": "1000",
        # No email worker: a customer's invitation sent by this process while the next
        # test's fixture empties the tables can deadlock with it (seen through PgBouncer,
        # where the worker polls instead of being woken at once); these suites read no mail.
        "OTESSE_RUN_WORKER": "false",
    }
    with served(env) as base_url:
        yield base_url
