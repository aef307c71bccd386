"""An index on subscriptions(address_id), the one foreign key the domain queries without one.

Deleting an address makes the database look for subscriptions that still point at it (the
foreign key); without an index that is a scan of every subscription: deleting 1,600
addresses took 40 s at a million customers (docs/performance.md). The other unindexed foreign
keys (invitations.account_id, outbox_messages.account_id) point at accounts, which are never
deleted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_subscriptions_address", "subscriptions", ["address_id"])


def downgrade() -> None:
    op.drop_index("ix_subscriptions_address", table_name="subscriptions")
