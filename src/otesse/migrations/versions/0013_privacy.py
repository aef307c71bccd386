"""Privacy: access notes and stored idempotent answers sealed at rest; erased customers.

Every existing access note, event and stored Idempotency-Key answer is sealed here, in batches, with
the newest key of the ring (core/sealing.py): before this revision they are all plain text,
after it all sealed, so the revision alone says which a row holds. `customers.erased_at`
records an erasure (POST /v1/customers/{id}/erase, docs/privacy.md); the two list indexes
leave merged and erased customers out, as lists without a status filter do (0008 left out
the merged ones from the first only).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from otesse.core import sealing

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _seal_by_id(connection: sa.Connection, table: str, column: str) -> None:
    """Seal ``table.column`` of every row, bound to the row's id, in batches by id."""
    after = ""
    while True:
        rows = connection.execute(
            sa.text(
                f"SELECT id, {column} AS plain FROM {table} WHERE id > :after "  # noqa: S608 - names of this file
                f"AND {column} IS NOT NULL ORDER BY id LIMIT :batch"
            ),
            {"after": after, "batch": BATCH},
        ).all()
        if not rows:
            return
        keys = sealing.ring()
        connection.execute(
            sa.text(f"UPDATE {table} SET {column} = :sealed WHERE id = :id"),  # noqa: S608
            [{"id": row.id, "sealed": keys.seal(row.plain, row.id)} for row in rows],
        )
        after = rows[-1].id


def _seal_idempotent_answers(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT account_id, mode, key, response_body FROM idempotency_keys "
            "WHERE response_body <> ''"
        )
    ).all()
    if not rows:
        return
    keys = sealing.ring()
    connection.execute(
        sa.text(
            "UPDATE idempotency_keys SET response_body = :sealed "
            "WHERE account_id = :account_id AND mode = :mode AND key = :key"
        ),
        [
            {
                "account_id": row.account_id,
                "mode": row.mode,
                "key": row.key,
                "sealed": keys.seal(
                    row.response_body, f"idempotency:{row.account_id}:{row.mode}:{row.key}"
                ),
            }
            for row in rows
        ],
    )


LISTED = "status <> 'merged' AND status <> 'erased'"
NOT_MERGED = "status <> 'merged'"
LIST_INDEXES = {
    "ix_customers_newest": ["account_id", "mode", "created_at", "id"],
    "ix_customers_subscribed_newest": [
        "account_id",
        "mode",
        "active_subscription",
        "created_at",
        "id",
    ],
}


def _list_index(name: str, where: str | None) -> None:
    op.drop_index(name, table_name="customers")
    predicate = None if where is None else sa.text(where)
    op.create_index(
        name,
        "customers",
        LIST_INDEXES[name],
        sqlite_where=predicate,
        postgresql_where=predicate,
    )


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    for name in LIST_INDEXES:
        _list_index(name, LISTED)
    connection = op.get_bind()
    _seal_by_id(connection, "addresses", "access_notes")
    # Events (0012) carry the customer as GET answered it, access notes included.
    _seal_by_id(connection, "events", "data")
    _seal_idempotent_answers(connection)


def downgrade() -> None:
    # Sealed text stays sealed: open it with the ring before going back (docs/operations.md).
    _list_index("ix_customers_newest", NOT_MERGED)
    _list_index("ix_customers_subscribed_newest", None)
    # Not a batch: on SQLite that rebuilds the table, and the counters' triggers on it
    # (0004, 0011) would go with the old one. Both databases drop a column in place.
    op.execute("ALTER TABLE customers DROP COLUMN erased_at")
