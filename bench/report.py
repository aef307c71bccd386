"""The results table, the target check (PASS/FAIL per scenario), and the JSON file.

A scenario's results: {"otesse": [row per connection count], "baseline": [...],
"cold": row (search scenarios), "ratio": {"8": median of the rounds' ratios, ...}}.
"""

import json
from pathlib import Path
from typing import Any

from bench.scenarios import (
    MOVING_TARGETS,
    P99_FACTOR_32,
    PG_SCALE,
    RSS_MAX_MB,
    SCENARIOS,
    SQLITE_SCALE,
    targets_for,
)


def _row(results: dict[str, Any], scenario: str, side: str, connections: int) -> dict[str, Any]:
    for row in results.get(scenario, {}).get(side, []):
        if row["connections"] == connections:
            return dict(row)
    return {"status": "not run"}


def _measured(row: dict[str, Any]) -> bool:
    return "rps" in row


def _errors(where: str, row: dict[str, Any]) -> list[str]:
    found = []
    for key, what in (("status_5xx", "5xx"), ("status_4xx", "4xx"), ("socket_errors", "socket")):
        if row.get(key):
            found.append(f"{where}: {row[key]} {what}")
    return found


def _check(
    scenario: str,
    results: dict[str, Any],
    connections: list[int],
    target: dict[str, float],
    factor_32: float | None,
) -> dict[str, Any]:
    """PASS/FAIL/n.a. of one scenario's targets, with the reasons."""
    cells = results.get(scenario, {})
    ratios = cells.get("ratio", {})
    failures: list[str] = []
    unmeasured: list[str] = []
    ours = {c: _row(results, scenario, "otesse", c) for c in connections}
    if not any(_measured(row) for row in ours.values()):
        status = next(iter(ours.values()), {}).get("status", "not run")
        return {"target": target, "verdict": "n.a.", "reasons": [status]}
    rows = [(f"c={c}", row) for c, row in ours.items() if _measured(row)]
    if "cold" in cells:
        rows.append(("cold", cells["cold"]))
    for where, row in rows:
        failures += _errors(where, row)
        if row.get("rss_peak_mb", 0) > RSS_MAX_MB:
            failures.append(f"{where}: RSS {row['rss_peak_mb']:.0f} MB > {RSS_MAX_MB}")
    for c, row in ours.items():
        if not _measured(row):
            continue
        factor = 1 if c == 8 else factor_32 if c == 32 else None
        if factor and "p99_max_ms" in target and row["p99_ms"] > target["p99_max_ms"] * factor:
            failures.append(f"c={c}: p99 {row['p99_ms']:.1f} ms > {target['p99_max_ms'] * factor}")
        if c == 8 and "rps_min" in target and row["rps"] < target["rps_min"]:
            failures.append(f"c=8: {row['rps']:.0f} req/s < {target['rps_min']}")
        wanted = target.get("ratio_min") if c == 8 else target.get(f"ratio_min_{c}")
        if wanted is not None:
            ratio = ratios.get(str(c))
            if ratio is None:
                unmeasured.append(f"c={c}: no baseline for the ratio")
            elif ratio < wanted:
                failures.append(f"c={c}: ratio {ratio:.2f} < {wanted}")
    for differ in cells.get("totals", {}).get("differ", []):
        failures.append(
            f"total of {differ['path']}: {differ['otesse']} (baseline {differ['baseline']})"
        )
    if "cold_p99_max_ms" in target:
        cold = cells.get("cold")
        if cold is None:
            unmeasured.append("cold not measured")
        elif cold["p99_ms"] > target["cold_p99_max_ms"]:
            failures.append(f"cold: p99 {cold['p99_ms']:.1f} ms > {target['cold_p99_max_ms']}")
    if "vs_create_min" in target:
        plain = _row(results, "create", "otesse", 8)
        hooked = ours.get(8, {})
        if not (_measured(plain) and _measured(hooked)):
            unmeasured.append("no create row at c=8 in this run")
        elif hooked["rps"] / plain["rps"] < target["vs_create_min"]:
            ratio = hooked["rps"] / plain["rps"]
            failures.append(f"c=8: {ratio:.2f} of create < {target['vs_create_min']}")
        undelivered = cells.get("drain", {}).get("undelivered")
        if undelivered is None:
            unmeasured.append("the deliveries were not counted")
        elif undelivered:
            failures.append(f"{undelivered} events of the row never delivered")
    verdict = "FAIL" if failures else "n.a." if unmeasured else "PASS"
    return {"target": target, "verdict": verdict, "reasons": failures + unmeasured}


def _size(row: dict[str, Any]) -> int:
    return int(row.get("customers", row.get("rows", 0)))


def scaled_seconds(row: dict[str, Any], at: float) -> float:
    """The row's time scaled linearly to the target's size (what a smaller run suggests)."""
    return float(row["seconds"]) * at / max(_size(row), 1)


def _check_moving(row: dict[str, Any], target: dict[str, float]) -> dict[str, Any]:
    """PASS/FAIL/n.a. of one export/import row of bench/moving.py."""
    failures = []
    if row["exit"] != 0:
        failures.append(f"exit {row['exit']}")
    if row["rss_peak_mb"] > target["rss_max_mb"]:
        failures.append(f"RSS {row['rss_peak_mb']:.0f} MB > {target['rss_max_mb']:.0f}")
    at = target["at"]
    if _size(row) < at:
        scaled = scaled_seconds(row, at)
        reading = f"{_size(row):,} in {row['seconds']:.1f} s: {scaled:.0f} s at {at:,.0f} (scaled)"
        return {"target": target, "verdict": "FAIL" if failures else "n.a.",
                "reasons": [*failures, reading]}  # fmt: skip
    if row["seconds"] > target["seconds_max"]:
        failures.append(f"{row['seconds']:.1f} s > {target['seconds_max']:.0f}")
    return {"target": target, "verdict": "FAIL" if failures else "PASS", "reasons": failures}


def targets(document: dict[str, Any]) -> dict[str, Any]:
    results = document["results"]
    connections = document["config"]["connections"]
    database = document["dataset"]["database"]
    wanted = targets_for(database)
    checks = {
        # SQLite's target holds at 8 connections only.
        scenario: _check(
            scenario,
            results,
            connections,
            wanted[scenario],
            None if database == "sqlite" else P99_FACTOR_32,
        )
        for scenario in results
    }
    for name, row in (document.get("moving") or {}).items():
        checks[name] = _check_moving(row, MOVING_TARGETS[name])
    verdicts = [check["verdict"] for check in checks.values()]
    if database == "sqlite":
        applicable = (
            document["dataset"]["customers"] >= SQLITE_SCALE
            and document["config"].get("writer_connections", 0) > 0
        )
    else:
        applicable = document["dataset"]["customers"] >= PG_SCALE
    if verdicts and all(v == "PASS" for v in verdicts):
        overall = "PASS"
    elif "FAIL" in verdicts or not verdicts:
        overall = "FAIL"
    else:
        overall = "INCOMPLETE (some targets could not be measured)"
    passed = verdicts.count("PASS")
    return {
        "applies": applicable,
        "overall": overall if applicable else f"report only ({overall} if it applied)",
        "passed": f"{passed} of {len(verdicts)}",
        "scenarios": checks,
    }


def _cell(row: dict[str, Any]) -> str:
    if not _measured(row):
        return f"{row.get('status', ''):^26}"
    return f"{row['rps']:8.0f} {row['p50_ms']:7.1f} {row['p99_ms']:9.1f}"


def _bad(row: dict[str, Any]) -> str:
    """This cell's 5xx (the target: none), and any 4xx or socket errors after a slash."""
    if not _measured(row):
        return "-"
    other = row.get("status_4xx", 0) + row.get("socket_errors", 0)
    return f"{row.get('status_5xx', 0)}" + (f"/{other}" if other else "")


def print_table(document: dict[str, Any]) -> None:
    results = document["results"]
    connections = document["config"]["connections"]
    dataset = document["dataset"]
    config = document["config"]
    print(
        f"\n{dataset['customers']:,} customers on {dataset['database']}; {config['rounds']} "
        f"rounds of {config['duration']} s per cell, the sides alternating (medians); "
        f"cold: first {config['cold']} s of our side. req/s, p50 ms, p99 ms; 5xx of our side "
        "(/4xx+socket errors); peak RSS of our busiest process"
    )
    if config.get("writer_connections"):
        print(
            f"our side's read cells ran while {config['writer_connections']} connection(s) "
            "created customers (BENCH_WRITER)"
        )
    header = (
        f"{'scenario':24} {'conn':>4} | {'otesse':^27} | {'baseline':^27} | {'ratio':>6} | "
        f"{'5xx':>5} | {'MB':>4} | target"
    )
    print(header)
    print("-" * len(header))
    checks = document["targets"]["scenarios"]
    for scenario in SCENARIOS:
        if scenario.name not in results:
            continue
        cells = results[scenario.name]
        lines: list[tuple[str, dict[str, Any], dict[str, Any], str]] = []
        if "cold" in cells:
            lines.append(("cold", cells["cold"], {"status": ""}, "     -"))
        for c in connections:
            ratio = cells.get("ratio", {}).get(str(c))
            shown = f"{ratio:6.2f}" if ratio is not None else "     -"
            lines.append(
                (
                    str(c),
                    _row(results, scenario.name, "otesse", c),
                    _row(results, scenario.name, "baseline", c),
                    shown,
                )
            )
        for number, (conn, ours, base, ratio_text) in enumerate(lines):
            verdict = checks[scenario.name]["verdict"] if number == 0 else ""
            rss = f"{ours.get('rss_peak_mb', 0):4.0f}" if _measured(ours) else "   -"
            print(
                f"{scenario.title if number == 0 else '':24} {conn:>4} | {_cell(ours)} | "
                f"{_cell(base)} | {ratio_text} | {_bad(ours):>5} | {rss} | {verdict}"
            )
    moving = document.get("moving") or {}
    if moving:
        print(f"\n{'export / import (CLI)':24} {'size':>9} | {'seconds':>7} | {'MB':>4} | target")
        for name, row in moving.items():
            target = MOVING_TARGETS[name]
            print(
                f"{name:24} {_size(row):>9,} | {row['seconds']:7.1f} | {row['rss_peak_mb']:4.0f} "
                f"| <= {target['seconds_max']:.0f} s at {target['at']:,.0f}: "
                f"{checks[name]['verdict']}"
            )
    print("\nwhy not PASS:")
    for name, check in checks.items():
        if check["verdict"] != "PASS":
            print(f"  {name:24} {check['verdict']:5} {'; '.join(check['reasons'])}")
    print("\npeak RSS per process over the run (MB):")
    for side in document.get("processes", {}):
        peaks: dict[str, float] = {}
        for cells in results.values():
            rows = [*cells.get(side, [])]
            if side == "otesse" and "cold" in cells:
                rows.append(cells["cold"])
            for row in rows:
                for pid, mb in row.get("rss_by_pid_mb", {}).items():
                    peaks[pid] = max(peaks.get(pid, 0.0), mb)
        shown = ", ".join(f"pid {pid} {mb:.0f}" for pid, mb in sorted(peaks.items()))
        print(f"  {side:8} {shown or '-'} (limit {RSS_MAX_MB} per process for otesse)")
        started = {str(pid) for pid in document["processes"][side]}
        if set(peaks) - started:
            # uvicorn replaces a worker that died or missed its health check (5 s).
            print(
                f"  {side:8} processes not there at the start: "
                f"{', '.join(sorted(set(peaks) - started))} (a worker was replaced?)"
            )
    print(f"\ntargets: {document['targets']['overall']}; {document['targets']['passed']} PASS")


def save(document: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = document["started_at"].replace(":", "").replace("-", "")
    path = folder / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
