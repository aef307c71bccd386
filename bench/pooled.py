"""Run a command with PgBouncer (transaction mode, deploy/pgbouncer.ini) in front of PostgreSQL.

    python bench/pooled.py -- .venv/bin/pytest --database postgresql     # make test-pgbouncer

The command gets OTESSE_TEST_POSTGRES_URL pointing at the pooler, OTESSE_TEST_POSTGRES_ADMIN_URL
at the server itself (CREATE DATABASE goes there) and OTESSE_DATABASE_POOLER=pgbouncer; the
pooler is stopped when it ends, and its exit status is the command's.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from topology import pgbouncer_server

ADMIN_URL = os.environ.get(
    "OTESSE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _server(url: str) -> tuple[str, int]:
    address = url.split("@", 1)[1].split("/", 1)[0]
    host, _, port = address.partition(":")
    return host, int(port or 5432)


@contextlib.contextmanager
def pgbouncer(admin_url: str = ADMIN_URL) -> Iterator[int]:
    """A PgBouncer in front of ``admin_url``'s server for the block; yields its port."""
    workdir = Path(tempfile.mkdtemp(prefix="otesse-pgbouncer-"))
    workdir.chmod(0o755)
    host, port = _server(admin_url)
    pooler = pgbouncer_server(workdir, host, port)
    pooler.start(workdir)
    try:
        yield pooler.port
    finally:
        pooler.stop()


def main() -> int:
    command = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else sys.argv[1:]
    if not command:
        raise SystemExit(__doc__)
    with pgbouncer() as port:
        pooled = ADMIN_URL.replace(
            ADMIN_URL.split("@", 1)[1].split("/", 1)[0], f"127.0.0.1:{port}", 1
        )
        env = {**os.environ, "OTESSE_TEST_POSTGRES_URL": pooled,
               "OTESSE_TEST_POSTGRES_ADMIN_URL": ADMIN_URL,
               "OTESSE_DATABASE_POOLER": "pgbouncer"}  # fmt: skip
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
