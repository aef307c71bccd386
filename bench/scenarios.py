"""The scenarios, the targets of issue 6, and wrk driving one scenario against one side."""

import json
import os
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LUA = Path(__file__).resolve().parent / "wrk" / "scenario.lua"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    title: str
    kind: str  # get | path | create | delivery
    path: str = ""


SCENARIOS = (
    Scenario("get", "get one customer", "get"),
    Scenario("list", "list page 1", "path", "/v1/customers"),
    Scenario(
        "list_filtered",
        "list active + subscribed",
        "path",
        "/v1/customers?status=active&has_subscription=true",
    ),
    Scenario("search_rare", "search rare string", "path", "/v1/customers?search=papadopoulos"),
    Scenario("search_john", 'search "john"', "path", "/v1/customers?search=john"),
    Scenario("search_phone", "search 4 phone digits", "path", "/v1/customers?search=8675"),
    Scenario("page_2000", "page 2,000", "path", "/v1/customers?page=2000"),
    Scenario("create", "create with address", "create"),
    # Issue 16: the same with one webhook endpoint enabled and a worker delivering, and the
    # delivery rate of one worker (bench/webhooks.py).
    Scenario("create_hooked", "create, 1 webhook on", "create"),
    Scenario("webhook_delivery", "webhooks delivered/s", "delivery"),
)

# At 1,000,000 customers, 8 connections, PostgreSQL (issue 6).
TARGETS: dict[str, dict[str, float]] = {
    "get": {"ratio_min": 0.70},
    "list": {"p99_max_ms": 25},
    "list_filtered": {"p99_max_ms": 25},
    "search_rare": {"p99_max_ms": 25},
    "search_john": {"ratio_min": 3.0, "p99_max_ms": 150},
    "search_phone": {"p99_max_ms": 25},
    "page_2000": {"p99_max_ms": 50},
    "create": {"rps_min": 500},
    "create_hooked": {"vs_create_min": 0.90},
    "webhook_delivery": {"rps_min": 300},
}
RSS_MAX_MB = 200


def probe(base: str, scenario: Scenario, key: str, sample_id: str) -> int:
    """One request of the scenario: its HTTP status (404/405 mean the endpoint is missing)."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    data = None
    path = scenario.path
    if scenario.kind == "get":
        path = f"/v1/customers/{sample_id}"
    elif scenario.kind == "create":
        path = "/v1/customers"
        data = json.dumps(
            {
                "first_name": "Bench",
                "last_name": "Runner",
                "email": f"bench-probe-{os.getpid()}-{os.urandom(4).hex()}@example.com",
                "send_invitation": False,
                "address": {"street": "1 Oak Ave", "city": "Eugene", "state": "OR", "zip": "97401"},
            }
        ).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as failure:
        return int(failure.code)
    except OSError:
        return 0


def drive(
    base: str,
    scenario: Scenario,
    *,
    key: str,
    ids_file: Path,
    connections: int,
    seconds: int,
    run_token: str,
) -> dict[str, Any]:
    """Run wrk; return its counts and latency percentiles (microseconds)."""
    env = {
        **os.environ,
        "BENCH_KEY": key,
        "BENCH_KIND": scenario.kind,
        "BENCH_PATH": scenario.path or "/",
        "BENCH_IDS": str(ids_file),
        "BENCH_RUN": run_token,
    }
    threads = min(2, connections)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
