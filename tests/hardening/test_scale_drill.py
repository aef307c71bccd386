"""The scale drill (bench/scale.py --short): HAProxy, 3 API processes, 2 workers, PgBouncer in
transaction mode and Redis, under load, through an API process and a worker killed, PgBouncer
restarted and a draining SIGTERM of each kind of process.

Runs in the PostgreSQL pass of `make test` only (35-50 s on the shared 2 cores; `make scale`
is the long one with locust's mix). HAProxy and PgBouncer come from `make scale-packages`.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_topology_loses_no_acknowledged_write_and_invites_each_customer_once(
    database_kind: str, tmp_path: Path
) -> None:
    if database_kind != "postgresql":
        pytest.skip("runs in the --database postgresql pass (it starts its own processes)")
    out = tmp_path / "scale.json"
    command = [sys.executable, str(ROOT / "bench/scale.py"), "--short", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=170)
    assert out.exists(), done.stderr[-3000:]
    figures: dict[str, Any] = json.loads(out.read_text())
    assert done.returncode == 0, figures["broken_promises"]
    assert figures["lost_writes"] == 0
    invited = figures["invitations"]
    assert invited["customers"] > 0
    assert invited["distinct_per_customer"] == {"1": invited["customers"]}
    # Only what the SIGKILLed worker held may go twice (acknowledged by the server an
    # instant before the kill, so never recorded): the same message, Message-ID and all.
    killed = next(e for e in figures["events"] if e["event"] == "sigkill_worker_mid_delivery")
    assert invited["delivered_again_after_the_sigkill"] <= killed["claimed"]
    assert figures["stats_verify"] == "clean"
    assert figures["rate_limit"]["one_bucket"]
    assert len(figures["rate_limit"]["processes"]) == 3
    # The drained worker handed back what it held; the killed one held some when it died.
    drained = next(e for e in figures["events"] if e["event"] == "sigterm_worker_mid_delivery")
    assert drained["still_claimed"] == 0
