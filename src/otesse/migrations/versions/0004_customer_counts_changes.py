"""A change counter in customer_counts, so deep pages can start from a remembered key.

`changes` grows by one on every counter row the trigger of migration 0002 moves: each insert
and delete of a customer, and each change of its status, active subscription or search text.
For a list filter (status, has_subscription), an unchanged sum of `changes` over the rows the
filter sums therefore means that no customer entered or left the filtered set, so its
newest-first order is the one seen before; customers/anchors.py relies on it to reuse the key
a deep page started at (docs/performance.md). The sum never decreases (rows are only ever
upserted; the seed carries it over when it recounts).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = "status, active_subscription, search_text"
CHANGED = (
    "OLD.status IS NOT NEW.status OR OLD.active_subscription IS NOT NEW.active_subscription "
    "OR OLD.search_text IS NOT NEW.search_text"
)


def _pg_function(bump: str) -> str:
    # Migration 0002's function, with `bump` added to each counter row it moves.
    return f"""
CREATE OR REPLACE FUNCTION customer_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    own_slot smallint := pg_backend_pid() % 8;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_advisory_xact_lock_shared(
            hashtext('customer_counts:' || OLD.account_id || ':' || OLD.mode));
        INSERT INTO customer_counts AS c (account_id, mode, status, active_subscription,
                slot, n{bump and ", changes"})
            VALUES (OLD.account_id, OLD.mode, OLD.status, OLD.active_subscription, own_slot,
                -1{bump and ", 1"})
            ON CONFLICT (account_id, mode, status, active_subscription, slot)
            DO UPDATE SET n = c.n - 1{bump};
        UPDATE customer_term_counts SET n = n - 1
            WHERE account_id = OLD.account_id AND mode = OLD.mode AND status = OLD.status
              AND active_subscription = OLD.active_subscription
              AND strpos(OLD.search_text, term) > 0;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM pg_advisory_xact_lock_shared(
            hashtext('customer_counts:' || NEW.account_id || ':' || NEW.mode));
        INSERT INTO customer_counts AS c (account_id, mode, status, active_subscription,
                slot, n{bump and ", changes"})
            VALUES (NEW.account_id, NEW.mode, NEW.status, NEW.active_subscription, own_slot,
                1{bump and ", 1"})
            ON CONFLICT (account_id, mode, status, active_subscription, slot)
            DO UPDATE SET n = c.n + 1{bump};
        UPDATE customer_term_counts SET n = n + 1
            WHERE account_id = NEW.account_id AND mode = NEW.mode AND status = NEW.status
              AND active_subscription = NEW.active_subscription
              AND strpos(NEW.search_text, term) > 0;
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants only


def _sqlite_move(row: str, sign: str, bump: str) -> str:
    # Built from constants only (NEW/OLD, a sign and the bump), never from input.
    columns = "account_id, mode, status, active_subscription, slot, n" + (bump and ", changes")
    return (
        f"INSERT INTO customer_counts ({columns}) "  # noqa: S608
        f"VALUES ({row}.account_id, {row}.mode, {row}.status, {row}.active_subscription, 0, "
        f"{sign}1{bump and ', 1'}) "
        "ON CONFLICT (account_id, mode, status, active_subscription, slot) "
        f"DO UPDATE SET n = n {sign} 1{bump}; "
        f"UPDATE customer_term_counts SET n = n {sign} 1 WHERE account_id = {row}.account_id "
        f"AND mode = {row}.mode AND status = {row}.status "
        f"AND active_subscription = {row}.active_subscription "
        f"AND instr({row}.search_text, term) > 0;"
    )


def _sqlite_triggers(bump: str) -> None:
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER customers_counts_{name}")
    op.execute(
        "CREATE TRIGGER customers_counts_insert AFTER INSERT ON customers "
        f"BEGIN {_sqlite_move('NEW', '+', bump)} END"
    )
    op.execute(
        "CREATE TRIGGER customers_counts_delete AFTER DELETE ON customers "
        f"BEGIN {_sqlite_move('OLD', '-', bump)} END"
    )
    op.execute(
        f"CREATE TRIGGER customers_counts_update AFTER UPDATE OF {WATCHED} ON customers "
        f"WHEN {CHANGED} BEGIN {_sqlite_move('OLD', '-', bump)} "
        f"{_sqlite_move('NEW', '+', bump)} END"
    )


def _replace_moves(*, bumped: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_function(", changes = c.changes + 1" if bumped else ""))
    else:
        _sqlite_triggers(", changes = changes + 1" if bumped else "")


def upgrade() -> None:
    op.add_column(
        "customer_counts",
        sa.Column("changes", sa.BigInteger(), nullable=False, server_default="0"),
    )
    _replace_moves(bumped=True)


def downgrade() -> None:
    _replace_moves(bumped=False)
    # Not batch mode: rebuilding the table under SQLite's triggers on customers fails. Both
    # databases drop a column in place (SQLite since 3.35).
    op.execute("ALTER TABLE customer_counts DROP COLUMN changes")
