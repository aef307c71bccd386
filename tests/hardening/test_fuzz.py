"""Schemathesis against the app's own OpenAPI document, on a served instance.

Every operation the document lists is fuzzed (it picks up new endpoints by itself), with a
valid key of the test tenant: zero 5xx, every response documented and matching its schema,
invalid input refused with a 4xx. `make test` runs a bounded pass (>= 1,000 cases);
`make fuzz` sets FUZZ_DEPTH=deep: >= 10,000 cases and the stateful phase.
"""

import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.factories import Tenant
from tests.hardening.openapi_world import make_world
from tests.support.servers import served

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
# `timeout` bounds the run; it is not passed as --max-time, which makes schemathesis repeat
# the fuzzing phase until the time is spent.
DEPTHS: dict[str, dict[str, Any]] = {
    "bounded": {"cases": 1_000, "phases": "examples,coverage,fuzzing", "timeout": 290},
    "deep": {"cases": 10_000, "phases": "examples,coverage,fuzzing,stateful", "timeout": 3600},
}
GENERATED = re.compile(r"Test cases:\s+(\d+) generated")


# The path parameters that name resources, and the kind of resource each names.
ID_PARAMETERS = {
    "customer_id": "customer", "address_id": "address", "zone_id": "zone",
    "booking_id": "booking", "subscription_id": "subscription", "invoice_id": "invoice",
}  # fmt: skip
WORLDS = 3


async def _config_with_real_ids(base_url: str, tenant: Tenant, path: Path) -> Path:
    """schemathesis.toml plus dictionaries of real ids, drawn for half the path parameters:
    random ids only ever reach the 404 branch, real ones reach the operations' own logic."""
    doc = httpx.get(f"{base_url}/v1/openapi.json").json()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        worlds = [await make_world(client, doc, tenant.headers) for _ in range(WORLDS)]
    lines = [CONFIG.read_text(), "\n[parameters]"]
    for param, kind in ID_PARAMETERS.items():
        lines.append(f'"path.{param}" = {{ dictionary = "{kind}", probability = 0.5 }}')
    # A merge preview's source: the world's second customer (openapi_world.RECIPES).
    lines.append('"query.source_id" = { dictionary = "merge_source", probability = 0.5 }')
    for kind in (*ID_PARAMETERS.values(), "merge_source"):
        values = ", ".join(f'"{world[kind]}"' for world in worlds)
        lines += [f"\n[dictionaries.{kind}]", f"values = [{values}]"]
    path.write_text("\n".join(lines) + "\n")
    return path


def _schemathesis(
    base_url: str, tenant: Tenant, report: Path, operations: int, config: Path
) -> str:
    depth = DEPTHS[os.environ.get("FUZZ_DEPTH", "bounded")]
    # The total spread over the operations with headroom (an operation may exhaust its
    # inputs early), never fewer than 25 each; the coverage phase adds boundary cases on top.
    per_operation = max(25, math.ceil(1.5 * depth["cases"] / max(1, operations)))
    command = [
        str(BIN / "st"), "--config-file", str(config), "run", f"{base_url}/v1/openapi.json",
        "--header", f"Authorization: Bearer {tenant.secret}",
        "--checks", "all",
        "--phases", depth["phases"],
        "--max-examples", str(per_operation),
        "--seed", os.environ.get("FUZZ_SEED", "20260601"),
        "--workers", "2",
        "--request-timeout", "10",
        # Unencodable text (lone surrogates) is refused with a 400 on purpose, and no JSON
        # Schema can say so. NUL characters are generated: every request string's pattern
        # excludes them (core/openapi.py), so they only appear in invalid data.
        "--generation-codec", "utf-8",
        "--generation-database", "none",
        "--report", "junit",
        "--report-junit-path", str(report),
        "--no-color",
        "--output-sanitize", "true",
    ]  # fmt: skip
    hooks = {"SCHEMATHESIS_HOOKS": "tests.hardening.fuzz_formats", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=depth["timeout"],
        cwd=report.parent,
        env={**os.environ, **hooks},
    )
    if os.environ.get("FUZZ_OUTPUT"):
        Path(os.environ["FUZZ_OUTPUT"]).write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout[-20_000:] + done.stderr[-5_000:]
    return done.stdout


def _cases_run(output: str) -> int:
    found = GENERATED.search(output)
    return int(found.group(1)) if found else 0


async def test_fuzzing_finds_no_server_error_and_no_undocumented_response(
    database_url: str, tenant: Tenant, tmp_path: Path
) -> None:
    env = {
        "OTESSE_DATABASE_URL": database_url,
        "OTESSE_MAIL_URL": f"file://{tmp_path}/mail",
        "OTESSE_LOG_LEVEL": "WARNING",
        # The fuzzer is one client sending as fast as it can: rate limits are tested elsewhere.
        "OTESSE_RATE_LIMIT_PER_SECOND": "1000000",
        "OTESSE_RATE_LIMIT_BURST": "1000000",
        # The world's webhook endpoint points at 127.0.0.1; no worker runs, so nothing is
        # ever sent to the URLs the fuzzer registers.
        "OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "OTESSE_RUN_WORKER": "false",
    }
    with served(env, log_path=tmp_path / "server.log") as base_url:
        document = httpx.get(f"{base_url}/v1/openapi.json").json()
        operations = sum(len(methods) for methods in document["paths"].values())
        report = tmp_path / "fuzz.junit.xml"
        config = await _config_with_real_ids(base_url, tenant, tmp_path / "schemathesis.toml")
        output = _schemathesis(base_url, tenant, report, operations, config)
    server_log = (tmp_path / "server.log").read_text()
    assert '"unhandled_error"' not in server_log, server_log[-5_000:]
    cases = _cases_run(output)
    print(f"schemathesis: {cases} cases over {operations} operations")
    # An operation without parameters (GET /v1/health) has only a handful of distinct inputs
    # and schemathesis stops there; with ten or more operations the floor is the full count.
    wanted = DEPTHS[os.environ.get("FUZZ_DEPTH", "bounded")]["cases"]
    assert cases >= (wanted if operations >= 10 else operations), output[-3_000:]
