"""Several processes logging to one stdout (``otesse serve --workers N``) write whole lines.

Before: structlog's PrintLogger wrote each record and its newline separately, and about one
record in 40 of three processes sharing a pipe came out glued to another's.
"""

import json
import os
import subprocess
import sys

import pytest

WRITER = """
import logging, sys
from otesse.core.logging import configure_logging, get_logger
configure_logging("INFO")
log, stdlib = get_logger("otesse.http"), logging.getLogger("uvicorn.error")
for n in range({records}):
    log.info("request", request_id=f"req_{{n}}", route="/v1/customers", pad="x" * {pad})
    if n % 10 == 0:
        stdlib.info("a standard library record %d", n)
"""


@pytest.mark.parametrize("pad", [200, 3000])
def test_processes_sharing_stdout_never_glue_records(pad: int) -> None:
    records, processes = 4000, 3
    read_end, write_end = os.pipe()
    code = WRITER.format(records=records, pad=pad)
    writers = [
        subprocess.Popen([sys.executable, "-c", code], stdout=write_end) for _ in range(processes)
    ]
    os.close(write_end)
    with os.fdopen(read_end, "rb") as shared:
        lines = shared.read().splitlines()
    assert [writer.wait(timeout=60) for writer in writers] == [0] * processes

    assert len(lines) == processes * (records + records // 10)
    standard = [line for line in lines if line.startswith(b"a standard library record ")]
    assert len(standard) == processes * records // 10
    records_seen = [line for line in lines if not line.startswith(b"a standard")]
    assert [line[:120] for line in records_seen if not _one_record(line)] == []


def _one_record(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
