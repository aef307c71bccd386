"""The environment of a process a test starts (a worker, the CLI)."""

import os

# Kept from the suite's own environment: the key ring every process of the suite shares
# (tests/conftest.py), so what one seals the other opens, and the pooler the suite runs
# behind (make test-pgbouncer), which every process must know.
SHARED = ("OTESSE_DATA_KEYS", "OTESSE_DATABASE_POOLER")


def child_env(**settings: str) -> dict[str, str]:
    """This process's environment without its OTESSE_ settings but the shared ones, plus
    ``settings`` (``OTESSE_DATABASE_URL=...``)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OTESSE_") or key in SHARED
    }
    env.update(settings)
    return env
