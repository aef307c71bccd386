"""The integrator's records on a customer: external_id, metadata, tags, and merges.

- `external_id`: unique per (account, mode) when set, by a partial unique index (the 409
  `external_id_taken` is declared beside it, models/customers.py);
- `metadata_map` and `tags`: JSON text (PostgreSQL `json`, which keeps the compact text the
  application writes, so documents embed it byte for byte); on PostgreSQL an expression GIN
  index over `metadata_map::jsonb` answers `metadata[KEY]=VALUE` by containment (`@>`);
- `customer_tags`: one row per (customer, lower-case tag), indexed by (account, mode,
  tag_key, customer_id), so the `tag=` filter finds and counts a tag's holders from the
  index alone, on both databases;
- `email_local_key` and indexes by phone, by it, and by (ZIP, street line): the duplicate
  candidates' lookups, each one index;
- `merged_into`: the customer a merged customer was merged into (status `merged`); the
  newest-first index leaves merged customers out, as the lists given no status do.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("external_id", sa.String(length=255), nullable=True))
    op.add_column(
        "customers",
        sa.Column("metadata_map", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )
    op.add_column(
        "customers", sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    )
    op.add_column("customers", sa.Column("merged_into", sa.String(length=40), nullable=True))
    op.add_column("customers", sa.Column("email_local_key", sa.String(length=64), nullable=True))
    # The local part case-folded, without a +tag and without dots (customers/search.py).
    local = "lower(substr(email, 1, instr(email, '@') - 1))"
    if op.get_bind().dialect.name == "postgresql":
        local = "lower(split_part(email, '@', 1))"
    untagged = (
        f"CASE WHEN instr({local}, '+') > 0 THEN substr({local}, 1, instr({local}, '+') - 1) "
        f"ELSE {local} END"
    )
    if op.get_bind().dialect.name == "postgresql":
        untagged = f"split_part({local}, '+', 1)"
    op.execute(f"UPDATE customers SET email_local_key = replace({untagged}, '.', '')")  # noqa: S608 - fixed text
    op.create_index("ix_customers_phone", "customers", ["account_id", "mode", "phone"])
    op.create_index(
        "ix_customers_email_local", "customers", ["account_id", "mode", "email_local_key"]
    )
    op.create_index(
        "ix_addresses_zip_street",
        "addresses",
        ["account_id", "mode", "zip", sa.text("lower(street)")],
    )
    op.create_index(
        "uq_customers_external_id",
        "customers",
        ["account_id", "mode", "external_id"],
        unique=True,
        sqlite_where=sa.text("external_id IS NOT NULL"),
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )
    op.create_table(
        "customer_tags",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("tag_key", sa.String(length=50), nullable=False),
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name="ck_customer_tags_mode"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_customer_tags_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_customer_tags_account_id_accounts"
        ),
        sa.PrimaryKeyConstraint("customer_id", "tag_key", name="pk_customer_tags"),
    )
    op.create_index(
        "ix_customer_tags_tag", "customer_tags", ["account_id", "mode", "tag_key", "customer_id"]
    )
    # A list given no status leaves merged customers out: the newest-first index holds the
    # others only, so that list still reads it alone (an index-only scan for deep pages).
    op.drop_index("ix_customers_newest", table_name="customers")
    op.create_index(
        "ix_customers_newest",
        "customers",
        ["account_id", "mode", "created_at", "id"],
        sqlite_where=sa.text("status <> 'merged'"),
        postgresql_where=sa.text("status <> 'merged'"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_customers_metadata ON customers "
            "USING gin ((metadata_map::jsonb) jsonb_path_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_customers_metadata")
    op.drop_index("ix_customers_newest", table_name="customers")
    op.create_index("ix_customers_newest", "customers", ["account_id", "mode", "created_at", "id"])
    op.drop_index("ix_customer_tags_tag", table_name="customer_tags")
    op.drop_table("customer_tags")
    op.drop_index("uq_customers_external_id", table_name="customers")
    op.drop_index("ix_addresses_zip_street", table_name="addresses")
    op.drop_index("ix_customers_email_local", table_name="customers")
    op.drop_index("ix_customers_phone", table_name="customers")
    for column in ("email_local_key", "merged_into", "tags", "metadata_map", "external_id"):
        op.drop_column("customers", column)
