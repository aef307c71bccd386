"""A secret kept in a local file, created on first use (the embedded defaults under var/)."""

import os
from collections.abc import Callable
from pathlib import Path


def create_once(path: Path, make: Callable[[], str]) -> bool:
    """Write ``make()`` to ``path`` (mode 0600) unless it exists; True when this call did.

    Concurrent first uses agree: link() fails if another process won the race, and then its
    secret is the secret."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(make())
    partial.chmod(0o600)
    try:
        os.link(partial, path)
    except FileExistsError:
        return False
    finally:
        partial.unlink()
    return True
