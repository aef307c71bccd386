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

from otesse.core.counter_triggers import Counter

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The statements that move it, written once for every counter (core/counter_triggers.py).
TAG_COUNTS = Counter(
    table="customer_tag_counts",
    source="customer_tags",
    key=("account_id", "mode", "tag_key"),
    pg_values=("{row}account_id", "{row}mode", "{row}tag_key"),
    sqlite_values=("{row}account_id", "{row}mode", "{row}tag_key"),
    watched=("account_id", "mode", "tag_key"),
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
    op.execute(TAG_COUNTS.backfill(postgresql=postgresql))
    for statement in TAG_COUNTS.install(postgresql=postgresql):
        op.execute(statement)


def downgrade() -> None:
    for statement in TAG_COUNTS.uninstall(postgresql=op.get_bind().dialect.name == "postgresql"):
        op.execute(statement)
    op.drop_table("customer_tag_counts")
