"""SQLite gets a trigram index for the customers' search, as PostgreSQL has (migration 0001).

On SQLite `search=` was a LIKE over every customer's search text: 1.4 s a request at 100,000
customers, and the embedded database is the one `make run` serves. An FTS5 table with the
trigram tokenizer (SQLite 3.34+) holds each customer's search text under the customer's
rowid, kept by triggers; a term of 3 or more characters finds its candidates there and the
customers' own LIKE then decides (customers/search_index.py). Shorter terms, and terms with
LIKE's wildcard characters, still read every row.

The rowids are the customers table's own: SQLite keeps them across VACUUM only for tables
with an INTEGER PRIMARY KEY, which customers (text ids) has not, so a VACUUM of the database
must be followed by a rebuild of this table (docs/operations.md). Nothing in the service runs
VACUUM.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = {
    "customer_search_insert": (
        "AFTER INSERT ON customers",
        "INSERT INTO customer_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);",
    ),
    "customer_search_update": (
        "AFTER UPDATE OF search_text ON customers",
        "UPDATE customer_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;",
    ),
    "customer_search_delete": (
        "AFTER DELETE ON customers",
        "DELETE FROM customer_search WHERE rowid = OLD.rowid;",
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE customer_search USING fts5(search_text, tokenize='trigram')")
    op.execute(
        "INSERT INTO customer_search (rowid, search_text) SELECT rowid, search_text FROM customers"
    )
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE customer_search")
