"""The columns of every table the seed writes, in the order its generators write them.

Derived from the ORM tables (models/), so the seed and the schema cannot disagree on a
table's columns: the id, the tenant, the table's own columns in their declared order, then
the timestamps. A column added to a model is written by the seed once generate.py produces
its value (tests/seeding checks the rows' width against these lists).
"""

from sqlalchemy import Table

from otesse.models import Base

FIRST = ("id", "account_id", "mode")
LAST = ("created_at", "updated_at")
# Also the order that satisfies the foreign keys.
TABLES = (
    "customers",
    "customer_tags",
    "addresses",
    "subscriptions",
    "bookings",
    "invoices",
    "invoice_line_items",
)


def _written_order(table: Table) -> tuple[str, ...]:
    names = [column.name for column in table.columns]
    if not set(FIRST + LAST) <= set(names):  # not tenant-scoped: as declared
        return tuple(names)
    return (*FIRST, *(name for name in names if name not in FIRST + LAST), *LAST)


COLUMNS: dict[str, tuple[str, ...]] = {
    name: _written_order(Base.metadata.tables[name]) for name in TABLES
}
