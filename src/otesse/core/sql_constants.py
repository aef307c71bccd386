"""Values written into PostgreSQL statement text as typed constants.

The customers list sends its statement with every value as a constant, not a parameter, so
PostgreSQL plans it knowing every value and asyncpg prepares each distinct text once
(customers/list_statement.py). These functions are the only way values enter that text.
"""

from datetime import date, datetime


def text_constant(value: str) -> str:
    """``value`` as a PostgreSQL escape-string constant, read back exactly as given whatever
    the server's standard_conforming_strings (NUL never reaches here: the text guard refuses
    it)."""
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def constant(value: str | int | bool | datetime | date) -> str:
    """A value as a typed SQL constant."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, datetime):
        return f"{text_constant(value.isoformat())}::timestamptz"
    if isinstance(value, date):
        return f"{text_constant(value.isoformat())}::date"
    return text_constant(value)
