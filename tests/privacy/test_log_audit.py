"""The log audit (tests/support/log_audit.py) also looks for phones, street lines and access
notes: what a request body sent is what it searches every log for."""

import httpx

from tests.support import log_audit


def test_the_audit_remembers_phones_streets_and_notes() -> None:
    request = httpx.Request(
        "POST",
        "http://testserver/v1/customers",
        json={
            "phone": "(541) 555-0142",
            "address": {"street": "88 Juniper Hollow Ln", "access_notes": "gate 8812, dog"},
            "other": {"street": "x"},
        },
    )

    log_audit._remember(request)

    assert ("a phone number", "+15415550142") in log_audit.used_personal
    assert ("a street line", "88 Juniper Hollow Ln") in log_audit.used_personal
    assert ("access notes", "gate 8812, dog") in log_audit.used_personal
    assert ("a street line", "x") not in log_audit.used_personal


def test_a_logged_note_is_a_leak() -> None:
    log_audit.used_personal.add(("access notes", "lockbox 4471 under the mat"))
    log_audit.logged.append(
        ("a test's stdout", '{"event": "x", "notes": "lockbox 4471 under the mat"}')
    )
    try:
        assert any("access notes" in leak for leak in log_audit._leaks())
    finally:
        log_audit.logged.pop()
