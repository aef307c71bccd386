"""The database fault drill (bench/faults.py), short, in its three modes one after the other
on one private cluster and one server: PostgreSQL stopped, frozen (SIGSTOP) and with its
backends terminated every 0.5 s, under load, and back.

The cluster is its own, so it never stops the shared server; it runs in the PostgreSQL pass
of `make test` only (about 45 s in all).
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Seconds each mode keeps the database down: a freeze must outlast the pool's checkout wait
# for requests to see it.
MODES = {"stopped": 3, "frozen": 5, "terminated": 3}


def test_a_broken_database_gives_503s_and_recovery_within_10_s(
    database_kind: str, tmp_path: Path
) -> None:
    """frozen and terminated failed before: requests waited up to the 30 s pool timeout, and
    connections left mid-protocol by a terminated backend answered 500."""
    if database_kind != "postgresql":
        pytest.skip("runs in the --database postgresql pass (it starts its own cluster)")
    command = [sys.executable, str(ROOT / "bench/faults.py"), "--mode", *MODES, "--down"]
    command += [str(down) for down in MODES.values()]
    command += ["--warmup", "2", "--tail", "4", "--workers", "8"]
    command += ["--out", str(tmp_path / "faults-{mode}.json")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240)
    for mode in MODES:
        figures: dict[str, Any] = json.loads((tmp_path / f"faults-{mode}.json").read_text())
        assert figures["broken_promises"] == [], mode
        assert figures["500"] == 0, mode
        assert figures["503"] > 0, mode  # the outage was seen...
        assert figures["503_without_retry_after"] == 0, mode
        assert figures["recovery_seconds"] < 10, mode  # ...and left behind
        assert figures["lost_writes"] == 0, mode
        assert figures["transport_errors"] == 0, mode
    assert done.returncode == 0, done.stdout[-3_000:] + done.stderr[-3_000:]
