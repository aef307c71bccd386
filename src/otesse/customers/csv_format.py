"""The project's own CSV layout of customers: what the export writes and the `otesse` import
format reads (docs/import.md), so an export re-imports cleanly.

One row per customer. Its addresses are numbered column groups (`address_1_*` is the default,
then the others oldest first); the export writes as many groups as the tenant's customer with
the most addresses needs, the import reads any number of them.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from otesse.core.json import timestamp
from otesse.core.sealing import unseal

# The customer's own columns, in the file's order. `id` is written so a spreadsheet can refer
# back to the API; the import ignores it (a new account gets new ids).
CUSTOMER_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "external_id",
    "tags",
    "status",
    "preferred_contact",
    "marketing_opt_in",
    "created_at",
)
ADDRESS_FIELDS = ("label", "street", "city", "state", "zip", "access_notes")

# A cell a spreadsheet would run as a formula starts with one of these (OWASP "CSV
# injection"); tab and carriage return too, since some spreadsheets drop them first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def address_column(number: int, field: str) -> str:
    return f"address_{number}_{field}"


def header(address_groups: int) -> list[str]:
    columns = list(CUSTOMER_FIELDS)
    for number in range(1, max(address_groups, 1) + 1):
        columns.extend(address_column(number, field) for field in ADDRESS_FIELDS)
    return columns


def escape_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted with `'`.
    The import strips that quote again (:func:`unescape_cell`)."""
    if value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


_SEPARATOR = re.compile(r"[,;]")


def tags_cell(tags: Sequence[str]) -> str:
    """The tags as the import reads them back: `vip, pets`, or a JSON array when a tag holds
    a separator or spaces at an end (which splitting would change)."""
    if any(_SEPARATOR.search(tag) or tag != tag.strip() for tag in tags):
        return orjson.dumps(list(tags)).decode()
    return ", ".join(tags)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return escape_cell(tags_cell(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_cell(str(value))


def _address_value(address: Mapping[str, Any], field: str) -> Any:
    # Stored sealed, bound to the address (addresses/schemas.AddressRead, docs/privacy.md):
    # the file holds the text, as the API answers it.
    if field == "access_notes":
        return unseal(address[field], address["id"])
    return address[field]


def customer_cells(
    row: Mapping[str, Any], addresses: Sequence[Mapping[str, Any]], address_groups: int
) -> list[str]:
    """One customer's CSV row: its columns, then its addresses in the customer's order (the
    default first), empty groups up to ``address_groups``."""
    cells = [
        _cell(timestamp(row[name]) if name == "created_at" else row[name])
        for name in CUSTOMER_FIELDS
    ]
    for index in range(max(address_groups, 1)):
        if index < len(addresses):
            cells.extend(_cell(_address_value(addresses[index], field)) for field in ADDRESS_FIELDS)
        else:
            cells.extend("" for _ in ADDRESS_FIELDS)
    return cells


class CsvText:
    """Rows written as CSV text (RFC 4180 line ends) and handed out as bytes a piece at a
    time: the body of a streamed answer, in constant memory."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def write(self, rows: Iterable[Sequence[str]]) -> None:
        self._writer.writerows(rows)

    def drain(self) -> bytes:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode()
