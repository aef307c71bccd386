"""A pytest plugin: no API key secret, customer email, phone number, street line or access
note the suite used may reach a log.

Every request any httpx client sends during the session is read on its way out: the bearer
secret and every email address in its URL or body are remembered, and so are the phones,
street lines and access notes of a JSON body (those long enough to mean something). Everything
the suite logged (each test's captured stdout, stderr and logging records, where the service's JSON
logs land, and the log files of the API processes the tests served) is searched for them
when the session ends; one hit fails the run.
"""

import contextlib
import logging
import re
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from pydantic_core import PydanticCustomError

from otesse.customers.schemas import normalise_phone
from tests.support import audit_registry

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
SECRET = re.compile(r"otesse_(?:test|live)_sk_[0-9A-Za-z]{16,}")

used_secrets = audit_registry.used_secrets
used_emails = audit_registry.used_emails
used_personal = audit_registry.used_personal
# The body fields holding personal data beyond emails, by what the audit calls them.
PERSONAL_FIELDS = {
    "phone": "a phone number",
    "street": "a street line",
    "access_notes": "access notes",
}
logged: list[tuple[str, str]] = []  # (where, text)
server_logs: list[Path] = []


def watch_log_file(path: Path) -> None:
    """Audit this file too at the end of the session (an API process's stdout)."""
    server_logs.append(path)


def _remember(request: httpx.Request) -> None:
    authorization = request.headers.get("authorization", "")
    used_secrets.update(SECRET.findall(authorization))
    try:
        body = request.content
    except httpx.RequestNotRead:  # a streamed body: only its URL is read
        body = b""
    for source in (str(request.url).encode(), body):
        used_emails.update(_emails(source))
    if body[:1] == b"{":
        with contextlib.suppress(orjson.JSONDecodeError):
            _personal(orjson.loads(body))


def _personal(body: Any) -> None:
    """Remember the personal fields of a JSON body, at any depth (walked with a stack: the
    hostile-input tests send bodies nested 1,000 deep): a phone as stored (E.164), a street
    line or note of 8 characters or more with a letter and a space (shorter or shapeless
    ones, as the fuzzer sends, would be found everywhere by chance)."""
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        if not isinstance(value, dict):
            continue
        for key, item in value.items():
            if isinstance(item, dict | list):
                pending.append(item)
            elif isinstance(item, str) and key in PERSONAL_FIELDS:
                _remember_field(key, item)


def _remember_field(key: str, text: str) -> None:
    if key == "phone":
        with contextlib.suppress(PydanticCustomError):
            used_personal.add((PERSONAL_FIELDS[key], normalise_phone(text)))
    elif len(text) >= 8 and " " in text.strip() and any(c.isalpha() for c in text):
        used_personal.add((PERSONAL_FIELDS[key], text.strip()))


def _emails(data: bytes) -> set[str]:
    """Emails around each `@` only: a regex over a 1 MB body of letters is quadratic."""
    found: set[str] = set()
    at = data.find(b"@")
    while at != -1:
        window = data[max(0, at - 254) : at + 254]
        found.update(match.decode() for match in EMAIL.findall(window))
        at = data.find(b"@", at + 1)
    return found


def _wrap(cls: Any) -> Any:
    original = cls.send

    if cls is httpx.AsyncClient:

        async def send(self: Any, request: httpx.Request, **kwargs: Any) -> Any:
            _remember(request)
            return await original(self, request, **kwargs)
    else:

        def send(self: Any, request: httpx.Request, **kwargs: Any) -> Any:  # type: ignore[misc]
            _remember(request)
            return original(self, request, **kwargs)

    cls.send = send
    return original


def pytest_sessionstart(session: pytest.Session) -> None:
    _wrap(httpx.AsyncClient)
    _wrap(httpx.Client)
    # The test client's own request lines (with query strings) are not the service's logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for title, content in report.sections:
        logged.append((f"{report.nodeid} ({title})", content))


def _leaks() -> list[str]:
    needles = [("a secret key", s) for s in used_secrets]
    needles += [("an email address", e) for e in used_emails if not e.endswith("@otesse.com")]
    needles += sorted(used_personal)
    texts = logged + [(str(path), path.read_text(errors="replace")) for path in server_logs
                      if path.exists()]  # fmt: skip
    found = []
    for where, text in dict.fromkeys(texts):  # a teardown report repeats earlier sections
        for what, needle in needles:
            if needle in text:
                found.append(f"{what} ({needle[:18]}...) in {where}")
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = _leaks()
    session.config.stash[LEAKS] = leaks
    if leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    leaks = config.stash.get(LEAKS, [])
    terminalreporter.write_line(
        f"log audit: {len(used_secrets)} secret keys, {len(used_emails)} emails and "
        f"{len(used_personal)} phones, streets and notes used, "
        f"{len(logged)} captured outputs and {len(server_logs)} server logs searched, "
        f"{len(leaks)} leaks"
    )
    for leak in leaks[:50]:
        terminalreporter.write_line(f"  LEAK: {leak}", red=True)


LEAKS = pytest.StashKey[list[str]]()
