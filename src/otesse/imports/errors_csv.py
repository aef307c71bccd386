"""The rejected rows as CSV (the CLI's --errors file and GET /v1/imports/{id}/errors)."""

from collections.abc import Iterable
from typing import Any

from otesse.customers.csv_format import escape_cell

ERROR_COLUMNS = ("row", "column", "value", "code", "message")


def error_cells(error: Any) -> list[str]:
    """One error's cells; the value as given is escaped against formula injection."""
    return [
        str(error.row),
        escape_cell(error.column or ""),
        escape_cell(error.value or ""),
        error.code,
        error.message,
    ]


def error_rows(errors: Iterable[Any]) -> Iterable[list[str]]:
    yield list(ERROR_COLUMNS)
    for error in errors:
        yield error_cells(error)
