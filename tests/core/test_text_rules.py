"""Single-line text (names, street, city, label, zone name, line description, email, phone):
no control characters, and a required one holds a visible character. 400 naming the field.
Multi-line text (access notes, booking notes): the same, but tab and line breaks are kept.

Before this rule: ``"Ann\\n"``, ``"\\u200b"``, a lone combining accent and ``"\\ufeff"`` were
all accepted as names; tabs and line breaks went into streets and invoice lines.
"""

import re
import sys
import unicodedata
from typing import Any

import httpx
import pytest

from otesse.core.db import Database
from otesse.core.text_rules import (
    LAYOUT,
    is_control,
    is_control_in_text,
    is_visible,
    line_pattern,
    text_pattern,
    visible_line_pattern,
)
from tests.factories import (
    HOME,
    Tenant,
    assert_error,
    booking_body,
    create_booking,
    create_customer,
    invoice_body,
    make_customer,
)

CONTROL = ["Ann\n", "An\tn", "Ann\r", "A\x1bnn", "An\x85n", "An\u2028n", "An\u202en", "\u200bAnn",
           "An\u00adn", "Ann\ufeff", "An\U000e0041n"]  # fmt: skip
BLANK = ["\u200b", "\ufeff", "\u0301", "\u0301\u0308", " \u200d ", "\u3164", "\u2800"]


@pytest.mark.parametrize("name", CONTROL + BLANK)
async def test_customer_names_refuse_control_and_invisible_text(
    client: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    body = {"first_name": name, "last_name": "Smith", "email": "ann@example.com"}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", "first_name")

    customer = await create_customer(client, tenant)
    patched = await client.patch(
        f"/v1/customers/{customer['id']}", json={"last_name": name}, headers=tenant.headers
    )
    assert_error(patched, 400, "parameter_invalid", "last_name")


@pytest.mark.parametrize(
    "name", ["Zoë", "José\u0301", "Ali\u200cReza", "👨\u200d👩\u200d👧", "O'Brien"]
)
async def test_names_people_really_have_are_kept(
    client: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    customer = await create_customer(client, tenant, first_name=f"  {name} ")
    assert customer["first_name"] == name


@pytest.mark.parametrize(
    ("field", "value"),
    [("street", "1 Main St\n2nd floor"), ("city", "Eug\tene"), ("label", "Ho\x00me"),
     ("label", "Home\u2029"), ("state", "OR\n"), ("zip", "97401\t"), ("street", "\u0301")],
)  # fmt: skip
async def test_address_lines_refuse_control_characters(
    client: httpx.AsyncClient, tenant: Tenant, field: str, value: str
) -> None:
    customer = await create_customer(client, tenant)
    response = await client.post(
        f"/v1/customers/{customer['id']}/addresses",
        json={**HOME, field: value},
        headers=tenant.headers,
    )
    assert_error(response, 400, "parameter_invalid", field)
    nested = await client.post(
        "/v1/customers",
        json={"first_name": "A", "last_name": "B", "email": "ab@example.com",
              "address": {**HOME, field: value}},
        headers=tenant.headers,
    )  # fmt: skip
    assert_error(nested, 400, "parameter_invalid", f"address.{field}")


@pytest.mark.parametrize(
    ("field", "value"), [("email", "ann@example.com\n"), ("phone", "+1555\t1234567")]
)
async def test_email_and_phone_refuse_control_characters(
    client: httpx.AsyncClient, tenant: Tenant, field: str, value: str
) -> None:
    body = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", field: value}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert_error(response, 400, "parameter_invalid", field)


async def test_zone_names_and_invoice_lines_refuse_control_characters(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    zone = await client.post(
        "/v1/zones", json={"name": "North\nSide", "zip_codes": []}, headers=tenant.headers
    )
    assert_error(zone, 400, "parameter_invalid", "name")
    blank_zone = await client.post("/v1/zones", json={"name": "\ufeff"}, headers=tenant.headers)
    assert_error(blank_zone, 400, "parameter_invalid", "name")

    customer = await make_customer(database, tenant)
    lines: list[dict[str, Any]] = [{"description": "Oven\tclean", "quantity": 1, "unit_amount": 1}]
    invoice = await client.post(
        "/v1/invoices", json=invoice_body(customer, line_items=lines), headers=tenant.headers
    )
    assert_error(invoice, 400, "parameter_invalid", "line_items.0.description")


# Before: all of these were stored in notes (a bell, an escape sequence, a NUL's neighbours,
# a bidi override that reverses what a cleaner reads, a zero-width space).
NOT_LAYOUT = ["Ring\x07twice", "\x1b[31mred", "Gate\x7f", "Code \u202e1234", "Side\u200bdoor",
              "Line\u2028two", "Back\x85door"]  # fmt: skip
LAID_OUT = "Gate code 1234\n\tRing twice\r\nDog is friendly"


@pytest.mark.parametrize("notes", NOT_LAYOUT)
async def test_multi_line_fields_refuse_control_characters_but_their_layout(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, notes: str
) -> None:
    customer = await create_customer(client, tenant, address=HOME)
    address = await client.post(
        f"/v1/customers/{customer['id']}/addresses",
        json={**HOME, "access_notes": notes},
        headers=tenant.headers,
    )
    assert_error(address, 400, "parameter_invalid", "access_notes")
    patched = await client.patch(
        f"/v1/customers/{customer['id']}/addresses/{customer['addresses'][0]['id']}",
        json={"access_notes": notes},
        headers=tenant.headers,
    )
    assert_error(patched, 400, "parameter_invalid", "access_notes")

    owner = await make_customer(database, tenant)
    booking = await client.post(
        "/v1/bookings", json=booking_body(owner, notes=notes), headers=tenant.headers
    )
    assert_error(booking, 400, "parameter_invalid", "notes")
    made = await create_booking(client, tenant, owner)
    changed = await client.patch(
        f"/v1/bookings/{made['id']}", json={"notes": notes}, headers=tenant.headers
    )
    assert_error(changed, 400, "parameter_invalid", "notes")


async def test_multi_line_fields_keep_tabs_and_line_breaks(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    customer = await create_customer(client, tenant, address={**HOME, "access_notes": LAID_OUT})
    assert customer["addresses"][0]["access_notes"] == LAID_OUT
    owner = await make_customer(database, tenant)
    booking = await create_booking(client, tenant, owner, notes=LAID_OUT)
    assert booking["notes"] == LAID_OUT


def _every_code_point() -> list[str]:
    return [chr(point) for point in range(sys.maxunicode + 1) if not 0xD800 <= point <= 0xDFFF]


def test_the_documented_patterns_say_what_the_code_checks() -> None:
    """Every character of the Basic Multilingual Plane (where ECMA-262 ``\\u`` escapes reach):
    the published pattern and the code agree on control and visible characters."""
    line, visible = re.compile(line_pattern()), re.compile(visible_line_pattern())
    for character in _every_code_point()[:0xF800]:
        assert (line.search(f"a{character}b") is None) == is_control(character), hex(ord(character))
        alone = visible.search(character) is not None
        assert alone == (is_visible(character) and not is_control(character)), hex(ord(character))


def test_the_multi_line_pattern_says_what_the_code_checks() -> None:
    text = re.compile(text_pattern())
    for character in _every_code_point()[:0xF800]:
        refused = text.search(f"a{character}b") is None
        assert refused == is_control_in_text(character), hex(ord(character))
    assert {"\t", "\n", "\r"} == LAYOUT and not any(is_control_in_text(c) for c in LAYOUT)
    assert is_control_in_text("\x00")


def test_controls_are_the_unicode_control_and_format_categories() -> None:
    refused = {character for character in _every_code_point() if is_control(character)}
    categories = {unicodedata.category(character) for character in refused}
    assert categories == {"Cc", "Cf", "Zl", "Zp"}
    assert "\u200d" not in refused and "\u200c" not in refused
