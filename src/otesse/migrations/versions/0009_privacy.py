"""Privacy: access notes and stored idempotent answers sealed at rest; erased customers.

Every existing access note and stored Idempotency-Key answer is sealed here, in batches, with
the newest key of the ring (core/sealing.py): before this revision they are all plain text,
after it all sealed, so the revision alone says which a row holds. `customers.erased_at`
records an erasure (POST /v1/customers/{id}/erase, docs/privacy.md); on PostgreSQL the two
list indexes leave erased customers out, as lists without a status filter do.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from otesse.core import sealing

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _seal_addresses(connection: sa.Connection) -> None:
    after = ""
    while True:
        rows = connection.execute(
            sa.text(
                "SELECT id, access_notes FROM addresses WHERE id > :after "
                "AND access_notes IS NOT NULL ORDER BY id LIMIT :batch"
            ),
            {"after": after, "batch": BATCH},
        ).all()
        if not rows:
            return
        keys = sealing.ring()
        connection.execute(
            sa.text("UPDATE addresses SET access_notes = :sealed WHERE id = :id"),
            [{"id": row.id, "sealed": keys.seal(row.access_notes, row.id)} for row in rows],
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


LISTED = "status <> 'erased'"
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


def _list_indexes(where: str | None) -> None:
    """PostgreSQL: the list indexes without (or with) the erased customers."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in LIST_INDEXES.items():
        op.drop_index(name, table_name="customers")
        op.create_index(
            name,
            "customers",
            columns,
            postgresql_where=None if where is None else sa.text(where),
        )


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    _list_indexes(LISTED)
    connection = op.get_bind()
    _seal_addresses(connection)
    _seal_idempotent_answers(connection)


def downgrade() -> None:
    # Sealed text stays sealed: open it with the ring before going back (docs/operations.md).
    _list_indexes(None)
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("erased_at")
