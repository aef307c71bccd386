"""The PostgreSQL list statement writes every value as a constant (list_statement.py); each
one must read back as exactly the value given, whatever quotes or backslashes it holds."""

from datetime import UTC, datetime

import pytest

from otesse.core.db import Database
from otesse.core.sql_constants import constant

HOSTILE_TEXT = [
    "o'brien",
    "back\\slash",
    "\\'",
    "''",
    "x'; DROP TABLE customers; --",
    "E'\\x41'",
    "$1 $$ $q$",
    "%_\\%",
    "ünïcödé ☃ 𝄞",
    "",
]


@pytest.mark.parametrize(
    "value",
    [
        *HOSTILE_TEXT,
        0,
        49_975,
        True,
        False,
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(2025, 6, 15, 9, 0, 0, 123456, tzinfo=UTC),
    ],
)
async def test_a_constant_reads_back_as_the_value(database: Database, value: object) -> None:
    if database.is_sqlite:
        pytest.skip("the statement is PostgreSQL's; SQLite lists with Core queries")
    assert isinstance(value, str | int | bool | datetime)
    async with database.engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        read = await driver.fetchval(f"SELECT {constant(value)}")
    assert read == value
    assert type(read) is type(value)
