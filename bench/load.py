"""`make load`: locust headless, a realistic mix, against a served instance on PostgreSQL.

    python bench/load.py [--users 100] [--duration 60s] [--out bench/results/load.json]

Creates a fresh database on OTESSE_TEST_POSTGRES_URL's server (dropped afterwards), migrates
it, creates a key, serves the API (rate limits lifted: one key stands for all 100 clients),
runs locust (bench/load/locustfile.py) and writes requests, failures, 5xx and latency
percentiles (overall and per request name) as JSON. Exits 1 on any failure or 5xx.
"""

import argparse
import asyncio
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from pgcluster import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "OTESSE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _admin(statement: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(ADMIN_URL.replace("+asyncpg", ""))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


def _figures(prefix: Path, five_xx_file: Path) -> dict[str, Any]:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    by_name = {}
    for row in rows:
        by_name[row["Name"]] = {
            "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0), "p99_ms": float(row["99%"] or 0),
            "rps": round(float(row["Requests/s"] or 0), 1),
        }  # fmt: skip
    total = by_name.pop("Aggregated")
    five_xx = json.loads(five_xx_file.read_text())["count"] if five_xx_file.exists() else None
    return {**total, "5xx": five_xx, "by_request": by_name}


def _serve(env: dict[str, str], workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [str(BIN / "otesse"), "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/v1/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return server, base


def _locust(base: str, args: Any, env: dict[str, str], prefix: Path) -> None:
    command = [str(BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless"]
    command += ["--host", base, "--users", str(args.users), "--spawn-rate", str(args.users)]
    command += ["--run-time", args.duration, "--csv", str(prefix), "--only-summary"]
    subprocess.run(command, env=env, check=False)


def run(args: Any) -> dict[str, Any]:
    name = f"otesse_load_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    work = Path(tempfile.mkdtemp(prefix="otesse-load-"))
    env = {**os.environ, "OTESSE_DATABASE_URL": url, "OTESSE_MAIL_URL": f"file://{work}/mail",
           "OTESSE_LOG_LEVEL": "WARNING", "OTESSE_RATE_LIMIT_PER_SECOND": "1000000",
           "OTESSE_RATE_LIMIT_BURST": "1000000", "OTESSE_DATABASE_POOL_SIZE": "20"}  # fmt: skip
    server = None
    try:
        subprocess.run([str(BIN / "otesse"), "migrate"], env=env, check=True, capture_output=True)
        create = [str(BIN / "otesse"), "keys", "create", "--account", "load"]
        key = subprocess.run(create, env=env, check=True, capture_output=True, text=True).stdout
        key = key.strip()
        server, base = _serve(env, args.workers, work / "server.log")
        prefix, five_xx = work / "locust", work / "5xx.json"
        locust_env = {**env, "OTESSE_LOAD_KEY": key, "OTESSE_LOAD_5XX_FILE": str(five_xx)}
        _locust(base, args, locust_env, prefix)
        figures = {"users": args.users, "duration": args.duration, "api_workers": args.workers,
                   **_figures(prefix, five_xx)}  # fmt: skip
        # The bookings completed under load moved the customers' counters: they must agree.
        verify = [str(BIN / "otesse"), "stats", "verify"]
        checked = subprocess.run(verify, env=env, capture_output=True, text=True)
        figures["stats_verify"] = "clean" if checked.returncode == 0 else checked.stdout[-500:]
        return figures
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", default="60s", help="locust --run-time (30s, 2m, ...)")
    parser.add_argument("--workers", type=int, default=2, help="API processes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/load.json")
    args = parser.parse_args()
    figures = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 1 if figures["failures"] or figures["5xx"] or figures["stats_verify"] != "clean" else 0


if __name__ == "__main__":
    sys.exit(main())
