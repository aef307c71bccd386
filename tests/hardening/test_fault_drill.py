"""The database fault drill (bench/faults.py), short, in its three modes: PostgreSQL stopped,
frozen (SIGSTOP) and with its backends terminated every 0.5 s, under load, and back.

It runs its own private cluster, so it never stops the shared server; it runs in the
PostgreSQL pass of `make test` only (about 20 s a mode).
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("mode", "down"), [("stopped", 3), ("frozen", 5), ("terminated", 3)])
def test_a_broken_database_gives_503s_and_recovery_within_10_s(
    database_kind: str, tmp_path: Path, mode: str, down: int
) -> None:
    """frozen and terminated failed before: requests waited up to the 30 s pool timeout, and
    connections left mid-protocol by a terminated backend answered 500."""
    if database_kind != "postgresql":
        pytest.skip("runs in the --database postgresql pass (it starts its own cluster)")
    out = tmp_path / "faults.json"
    command = [sys.executable, str(ROOT / "bench/faults.py"), "--mode", mode, "--warmup", "2"]
    command += ["--down", str(down), "--tail", "4", "--workers", "8", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    figures: dict[str, Any] = json.loads(out.read_text())
    assert done.returncode == 0, figures["broken_promises"]
    assert figures["500"] == 0
    assert figures["503"] > 0  # the outage was seen...
    assert figures["503_without_retry_after"] == 0
    assert figures["recovery_seconds"] < 10  # ...and left behind
    assert figures["lost_writes"] == 0
    assert figures["transport_errors"] == 0
