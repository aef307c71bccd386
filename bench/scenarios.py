"""The scenarios, their targets, and wrk driving one scenario against one side.

Real-traffic scenarios (issue 12) send, per request, a path drawn from a set built from the
seeded data (bench/paths.py); the fixed-path scenarios of issue 6 stay as comparison rows
with their old targets.
"""

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
    # paths: a random line of the scenario's file per request; sequence: the file in order
    # from a random line; path: one fixed path; create: POST /v1/customers with an address
    kind: str
    path: str = ""  # kind=path only
    # Measured cold too: its first BENCH_COLD seconds on our side, before any warm-up (the
    # terms it searches are not registered yet: the run starts with none registered).
    cold: bool = False
    group: str = "real"  # real | fixed (the comparison rows)


def _real(name: str, title: str, kind: str = "paths", cold: bool = False) -> Scenario:
    return Scenario(name, title, kind, cold=cold, group="real")


def _fixed(name: str, title: str, path: str) -> Scenario:
    return Scenario(name, title, "path", path, group="fixed")


SCENARIOS = (
    _real("get", "get a random customer"),
    _real("search_first", "search a first name", cold=True),
    _real("search_last_active", "search surname+active", cold=True),
    _real("search_domain", "search email domain", cold=True),
    _real("search_frag3", "search 3-letter piece", cold=True),
    _real("search_frag2", "search 2-letter piece", cold=True),
    _real("search_typing", "search as typed", "sequence", cold=True),
    _real("search_phone_tail", "search 4-7 phone digits", cold=True),
    _real("search_nothing", "search matching nothing", cold=True),
    _real("filter_zone", "zone_id, each in turn", "sequence"),
    _real("filter_created", "created_after random"),
    _real("filter_created_status", "created_after+status"),
    _real("filter_status_sub", "status/has_subscription"),
    _real("filter_combined", "2-4 filters combined"),
    _real("page_random", "random page, whole list"),
    _real("page_common_term", "page 2-300 common name", cold=True),
    _real("bookings_page", "bookings random page"),
    _real("bookings_status", "bookings status+page"),
    _real("bookings_filtered", "bookings random filters"),
    _real("customer_bookings", "a customer's bookings"),
    _real("customer_invoices", "a customer's invoices"),
    _real("customer_subscriptions", "a customer's subscr."),
    _real("customer_addresses", "a customer's addresses"),
    _real("duplicates", "a customer's duplicates"),
    _fixed("list", "list page 1 (fixed)", "/v1/customers"),
    _fixed(
        "list_filtered",
        "active+subscribed(fixed)",
        "/v1/customers?status=active&has_subscription=true",
    ),
    _fixed("search_rare", "search rare (fixed)", "/v1/customers?search=papadopoulos"),
    _fixed("search_john", 'search "john" (fixed)', "/v1/customers?search=john"),
    _fixed("search_phone", "search 8675 (fixed)", "/v1/customers?search=8675"),
    _fixed("page_2000", "page 2,000 (fixed)", "/v1/customers?page=2000"),
    Scenario("create", "create with address", "create", group="fixed"),
    # `vip` is held by 5% of seeded customers (seeding/generate.TAGS_BY_NUMBER); issue 15.
    _fixed("tag", "tag= held by 5% (fixed)", "/v1/customers?tag=vip"),
    # Issue 16: create with one webhook endpoint enabled and a worker delivering (ours only,
    # against the plain create row of the same run), and one worker's delivery rate
    # (bench/webhooks.py).
    Scenario("create_hooked", "create, 1 webhook on", "create", group="fixed"),
    Scenario("webhook_delivery", "webhooks delivered/s", "delivery", group="fixed"),
)
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}

# At 1,000,000 customers, 8 connections, PostgreSQL, steady state (the median of the rounds):
#   p99_max_ms       p99 at most this
#   ratio_min        our req/s over the baseline's (median of the rounds' ratios) at least this
#   rps_min          our req/s at least this
#   cold_p99_max_ms  p99 of the first BENCH_COLD seconds (terms not yet registered)
#   ratio_min_32     the ratio at 32 connections at least this
#   vs_create_min    our req/s over our plain create row's at least this
# At 32 connections every p99 target is P99_FACTOR_32 times looser. Every cell: no 5xx, and
# every process of our side at most RSS_MAX_MB.
SEARCH_COUNTED: dict[str, float] = {"p99_max_ms": 100, "ratio_min": 3.0, "cold_p99_max_ms": 500}
SEARCH_CHEAP: dict[str, float] = {"p99_max_ms": 100, "ratio_min": 0.7, "cold_p99_max_ms": 500}
FILTER: dict[str, float] = {"p99_max_ms": 50}
TARGETS: dict[str, dict[str, float]] = {
    # issue 12, item 3
    "get": {"ratio_min": 0.70, "ratio_min_32": 0.70},
    "search_first": SEARCH_COUNTED,
    "search_last_active": SEARCH_COUNTED,
    "search_domain": SEARCH_COUNTED,
    "search_frag3": SEARCH_COUNTED,
    "search_frag2": SEARCH_COUNTED,
    "search_typing": SEARCH_COUNTED,
    "search_phone_tail": SEARCH_CHEAP,
    "search_nothing": SEARCH_CHEAP,
    "filter_zone": FILTER,
    "filter_created": FILTER,
    "filter_created_status": FILTER,
    "filter_status_sub": FILTER,
    "filter_combined": FILTER,
    "page_random": {"p99_max_ms": 50},
    "page_common_term": {"p99_max_ms": 150},
    "bookings_page": FILTER,
    "bookings_status": FILTER,
    "bookings_filtered": FILTER,
    "customer_bookings": FILTER,
    "customer_invoices": FILTER,
    "customer_subscriptions": {},  # no target of its own: no 5xx, memory
    "customer_addresses": {},
    # issue 6 (the fixed-path comparison rows); create also issue 12's ratio
    "list": {"p99_max_ms": 25},
    "list_filtered": {"p99_max_ms": 25},
    "search_rare": {"p99_max_ms": 25},
    "search_john": {"ratio_min": 3.0, "p99_max_ms": 150},
    "search_phone": {"p99_max_ms": 25},
    "page_2000": {"p99_max_ms": 50},
    "create": {"rps_min": 500, "ratio_min": 0.8},
    "tag": {"p99_max_ms": 25},  # issue 15
    "duplicates": {"p99_max_ms": 25},  # issue 15
    "create_hooked": {"vs_create_min": 0.90},  # issue 16
    "webhook_delivery": {"rps_min": 300},
}
P99_FACTOR_32 = 4
# Issue 19's rows (bench/moving.py, BENCH_SCENARIOS=moving): each command's wall time and its
# peak RSS at the scale the target names. A smaller run is reported with the time scaled
# linearly to that size (a reading, not a verdict: "n.a." below the target's scale).
MOVING_TARGETS: dict[str, dict[str, float]] = {
    "export": {"seconds_max": 60, "rss_max_mb": 200, "at": 1_000_000},
    "import": {"seconds_max": 60, "rss_max_mb": 200, "at": 100_000},
    "import_rerun": {"seconds_max": 60, "rss_max_mb": 200, "at": 100_000},
}
RSS_MAX_MB = 200
# SQLite (issue 12, item 5), at 100,000 customers, 8 connections, while a writer creates
# customers (BENCH_WRITER): every read p99 at most 100 ms. No baseline runs on SQLite.
SQLITE_READ_TARGET: dict[str, float] = {"p99_max_ms": 100}
SQLITE_SCALE = 100_000
PG_SCALE = 1_000_000


def targets_for(database: str) -> dict[str, dict[str, float]]:
    if database == "sqlite":
        return {name: ({} if name == "create" else SQLITE_READ_TARGET) for name in TARGETS}
    return TARGETS


def first_path(scenario: Scenario, paths_file: Path | None) -> str:
    if scenario.kind in ("paths", "sequence"):
        assert paths_file is not None
        return paths_file.read_text().split("\n", 1)[0]
    return scenario.path or "/v1/customers"


def total(base: str, path: str, key: str) -> int | None:
    """The exact total a list answers (pagination.total), or None when it is not a list."""
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
    except (OSError, ValueError):
        return None
    found = body.get("pagination", {}).get("total") if isinstance(body, dict) else None
    return int(found) if isinstance(found, int) else None


def probe(base: str, scenario: Scenario, key: str, paths_file: Path | None) -> tuple[int, str]:
    """One request of the scenario: its HTTP status, and the error code of a refusal (a 404
    without resource_missing, or a 405, means the endpoint is missing)."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    data = None
    path = first_path(scenario, paths_file)
    if scenario.kind == "create":
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
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as failure:
        try:
            code = str(json.loads(failure.read()).get("error", {}).get("code", ""))
        except (ValueError, AttributeError):
            code = ""
        return int(failure.code), code
    except OSError:
        return 0, ""


def start(
    base: str,
    scenario: Scenario,
    *,
    key: str,
    paths_file: Path | None,
    connections: int,
    seconds: int,
    run_token: str,
) -> "subprocess.Popen[str]":
    """Start wrk on one scenario; :func:`finish` waits for it and reads its results."""
    env = {
        **os.environ,
        "BENCH_KEY": key,
        "BENCH_KIND": scenario.kind,
        "BENCH_PATH": scenario.path or "/",
        "BENCH_PATHS": str(paths_file or ""),
        "BENCH_RUN": run_token,
    }
    threads = min(2, connections)
    return subprocess.Popen(
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
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(running: "subprocess.Popen[str]") -> dict[str, Any]:
    """wrk's counts, statuses by class and latency percentiles (microseconds)."""
    stdout, stderr = running.communicate()
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise RuntimeError(f"wrk failed: {stdout}\n{stderr}")
