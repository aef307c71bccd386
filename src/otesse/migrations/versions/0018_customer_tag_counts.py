"""customer_tag_counts: a tag's exact number of holders, kept in the writing transaction.

`GET /v1/customers?tag=vip` (a tag held by 5% of a million customers) read its page from
the first entries of ix_customer_tags_newest (migration 0014) but counted its total over
every entry of the tag's range: 50,000 index entries a request, p99 155 ms. The total now
comes from a few counter rows, moved by triggers on customer_tags in the same transaction
as the tags themselves, so it is exact whatever wrote them (the API, a merge, an erasure,
an import, the seed).

On PostgreSQL the triggers are statement-level over transition tables: a statement moves
each of its tags' counters once, by the statement's count, in key order (an import's
thousand rows cost one upsert per tag, and two statements lock their counter rows in the
same order). The counter of a tag has a row per slot (the backend's pid modulo 8), as
customer_counts does, so concurrent writers of one tag rarely wait on one row. SQLite
serialises writers: its row triggers move one row.

A merged or erased customer holds no tag rows (customers/records.py), so the count is of
listed holders only, as the list's total must be.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "account_id, mode, tag_key"

# `moved` is the statement's rows as (account_id, mode, tag_key, delta): +1 a row added, -1 a
# row removed. Built from constants only.
PG_MOVE = f"""
INSERT INTO customer_tag_counts AS c ({KEY}, slot, n)
    SELECT {KEY}, (pg_backend_pid() % 8)::smallint, sum(delta) FROM ({{moved}}) moved
    GROUP BY {KEY} HAVING sum(delta) <> 0 ORDER BY {KEY}
    ON CONFLICT ({KEY}, slot) DO UPDATE SET n = c.n + EXCLUDED.n
"""  # noqa: S608
ADDED = f"SELECT {KEY}, 1 AS delta FROM added"  # noqa: S608
REMOVED = f"SELECT {KEY}, -1 AS delta FROM removed"  # noqa: S608
PG_FUNCTIONS = {
    "customer_tag_counts_added": PG_MOVE.format(moved=ADDED),
    "customer_tag_counts_removed": PG_MOVE.format(moved=REMOVED),
    "customer_tag_counts_changed": PG_MOVE.format(moved=f"{ADDED} UNION ALL {REMOVED}"),
}
PG_TRIGGERS = {
    "customer_tag_counts_insert": ("INSERT", "NEW TABLE AS added", "customer_tag_counts_added"),
    "customer_tag_counts_delete": ("DELETE", "OLD TABLE AS removed", "customer_tag_counts_removed"),
    "customer_tag_counts_update": (
        "UPDATE",
        "OLD TABLE AS removed NEW TABLE AS added",
        "customer_tag_counts_changed",
    ),
}


def _sqlite_move(row: str, sign: str) -> str:
    return (
        f"INSERT INTO customer_tag_counts ({KEY}, slot, n) "  # noqa: S608 - constants only
        f"VALUES ({row}.account_id, {row}.mode, {row}.tag_key, 0, {sign}1) "
        f"ON CONFLICT ({KEY}, slot) DO UPDATE SET n = n {sign} 1;"
    )


def upgrade() -> None:
    op.create_table(
        "customer_tag_counts",
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.Column("tag_key", sa.String(length=50), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name=op.f("ck_customer_tag_counts_mode")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_customer_tag_counts_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "mode", "tag_key", "slot", name=op.f("pk_customer_tag_counts")
        ),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        # No tag written between the count and the triggers' creation is missed.
        op.execute("LOCK TABLE customer_tags IN SHARE MODE")
    op.execute(
        f"INSERT INTO customer_tag_counts ({KEY}, slot, n) "  # noqa: S608 - constants only
        f"SELECT {KEY}, 0, count(*) FROM customer_tags GROUP BY {KEY}"
    )
    if postgresql:
        for name, body in PG_FUNCTIONS.items():
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body}; RETURN NULL; END $$"
            )
        for name, (event, tables, function) in PG_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON customer_tags REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
        return
    op.execute(
        "CREATE TRIGGER customer_tag_counts_insert AFTER INSERT ON customer_tags "
        f"BEGIN {_sqlite_move('NEW', '+')} END"
    )
    op.execute(
        "CREATE TRIGGER customer_tag_counts_delete AFTER DELETE ON customer_tags "
        f"BEGIN {_sqlite_move('OLD', '-')} END"
    )
    op.execute(
        f"CREATE TRIGGER customer_tag_counts_update AFTER UPDATE OF {KEY} ON customer_tags "
        f"BEGIN {_sqlite_move('OLD', '-')} {_sqlite_move('NEW', '+')} END"
    )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name in PG_TRIGGERS:
        op.execute(
            f"DROP TRIGGER {name} ON customer_tags" if postgresql else f"DROP TRIGGER {name}"
        )
    if postgresql:
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("customer_tag_counts")
