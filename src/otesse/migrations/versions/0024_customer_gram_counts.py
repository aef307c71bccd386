"""customer_gram_counts: exact totals for search terms of 1 and 2 characters, kept in the
writing transaction.

Such a term has no trigram for an index to look up, so counting it read the whole tenant
whatever its matches: ~200 ms of one core at a million customers, 1.5 s with 8 searches at
once on 2 cores, and people type two letters first (issue 12). Registering each short term
at its first search (customer_term_counts) still read the tenant once per new term, under its
lock. This table counts, for every gram (each distinct piece of 1 or 2 characters of a
customer's search text), the customers holding it by status and active subscription, so a
short term's total is a few rows whatever its matches, from the first search on.

The grams of a text are a join with search_gram_spans (start, width), each gram taken at
its first occurrence only (`strpos`/`instr` of it is its start), the same SQL on both
databases (models/counters.py, `gram_spans`).

What moves the rows, on PostgreSQL:
- an INSERT of customers: one statement trigger over the new rows (as migration 0020), one
  upsert in key order with the writer's slot (backend pid % 8, as migration 0021);
- a customer's search_text, status or active_subscription changing, or its deletion: a row
  trigger moving its grams from the old values to the new in one upsert in key order.
SQLite serialises writers and gets row triggers with slot 0.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from otesse.models.counters import GRAM_KEY, GRAM_WIDTHS, MAX_SEARCH_TEXT, gram_spans

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _grams(row: str, dialect: str, delta: str, *, rows: str = "") -> str:
    """The gram rows of customer ``row`` (OLD, NEW, or the alias of a table in ``rows``),
    ``delta`` each."""
    return (
        f"SELECT {row}.account_id AS account_id, {row}.mode AS mode, "  # noqa: S608 - constants only
        f"substr({row}.search_text, s.start, s.width) AS gram, {row}.status AS status, "
        f"{row}.active_subscription AS active_subscription, {delta} AS delta "
        f"FROM {rows}search_gram_spans s WHERE {gram_spans(row, dialect)}"
    )


PG_UPSERT = f"""
INSERT INTO customer_gram_counts AS g ({GRAM_KEY}, slot, n)
    SELECT {GRAM_KEY}, (pg_backend_pid() % 8)::smallint, sum(delta) FROM ({{moves}}) moves
    GROUP BY {GRAM_KEY} HAVING sum(delta) <> 0 ORDER BY {GRAM_KEY}
    ON CONFLICT ({GRAM_KEY}, slot) DO UPDATE SET n = g.n + EXCLUDED.n
"""  # noqa: S608 - constants only

PG_ADDED = PG_UPSERT.format(moves=_grams("a", "postgresql", "1", rows="added a, "))
PG_MOVED = (
    "IF TG_OP = 'DELETE' THEN "
    + PG_UPSERT.format(moves=_grams("OLD", "postgresql", "-1"))
    + "; RETURN NULL; END IF; "
    + PG_UPSERT.format(
        moves=f"{_grams('OLD', 'postgresql', '-1')} UNION ALL {_grams('NEW', 'postgresql', '1')}"
    )
    + "; RETURN NULL"
)

WATCHED = "search_text, status, active_subscription"
CHANGED = (
    "OLD.search_text IS NOT NEW.search_text OR OLD.status IS NOT NEW.status "
    "OR OLD.active_subscription IS NOT NEW.active_subscription"
)


def _sqlite_bump(row: str, sign: str) -> str:
    """Upsert the grams of customer ``row`` (OLD or NEW) by one, up or down."""
    return (
        f"INSERT INTO customer_gram_counts ({GRAM_KEY}, slot, n) "  # noqa: S608 - constants only
        f"SELECT account_id, mode, gram, status, active_subscription, 0, delta "
        f"FROM ({_grams(row, 'sqlite', f'{sign}1')}) WHERE true "
        f"ON CONFLICT ({GRAM_KEY}, slot) DO UPDATE SET n = n {sign} 1;"
    )


SQLITE_TRIGGERS = {
    "customer_gram_counts_insert": ("AFTER INSERT ON customers", _sqlite_bump("NEW", "+")),
    "customer_gram_counts_update": (
        f"AFTER UPDATE OF {WATCHED} ON customers WHEN {CHANGED}",
        _sqlite_bump("OLD", "-") + " " + _sqlite_bump("NEW", "+"),
    ),
    "customer_gram_counts_delete": ("AFTER DELETE ON customers", _sqlite_bump("OLD", "-")),
}


def backfill(dialect: str) -> str:
    """Every customer's grams, counted once (slot 0)."""
    return (
        f"INSERT INTO customer_gram_counts ({GRAM_KEY}, slot, n) "  # noqa: S608 - constants only
        "SELECT c.account_id, c.mode, substr(c.search_text, s.start, s.width), c.status, "
        "c.active_subscription, 0, count(*) FROM customers c "
        f"JOIN search_gram_spans s ON {gram_spans('c', dialect)} GROUP BY 1, 2, 3, 4, 5"
    )


def upgrade() -> None:
    spans = op.create_table(
        "search_gram_spans",
        sa.Column("start", sa.SmallInteger(), nullable=False),
        sa.Column("width", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("start", "width", name=op.f("pk_search_gram_spans")),
    )
    op.bulk_insert(
        spans,
        [
            {"start": start, "width": width}
            for start in range(1, MAX_SEARCH_TEXT + 1)
            for width in GRAM_WIDTHS
        ],
    )
    op.create_table(
        "customer_gram_counts",
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.Column("gram", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("active_subscription", sa.Boolean(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name=op.f("ck_customer_gram_counts_mode")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_customer_gram_counts_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint(
            "account_id",
            "mode",
            "gram",
            "status",
            "active_subscription",
            "slot",
            name=op.f("pk_customer_gram_counts"),
        ),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # No customer written between the count and the triggers is missed.
        op.execute("LOCK TABLE customers IN SHARE MODE")
    op.execute(backfill(dialect))
    if dialect != "postgresql":
        for name, (when, body) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
        return
    op.execute(
        "CREATE FUNCTION customer_gram_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {PG_ADDED}; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION customer_gram_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {PG_MOVED}; END $$"
    )
    op.execute(
        "CREATE TRIGGER customer_gram_counts_insert AFTER INSERT ON customers "
        "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
        "EXECUTE FUNCTION customer_gram_counts_added()"
    )
    op.execute(
        f"CREATE TRIGGER customer_gram_counts_update AFTER UPDATE OF {WATCHED} ON customers "
        f"FOR EACH ROW WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
        "EXECUTE FUNCTION customer_gram_counts_moved()"
    )
    op.execute(
        "CREATE TRIGGER customer_gram_counts_delete AFTER DELETE ON customers "
        "FOR EACH ROW EXECUTE FUNCTION customer_gram_counts_moved()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER customer_gram_counts_{event} ON customers")
        op.execute("DROP FUNCTION customer_gram_counts_added()")
        op.execute("DROP FUNCTION customer_gram_counts_moved()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("customer_gram_counts")
    op.drop_table("search_gram_spans")
