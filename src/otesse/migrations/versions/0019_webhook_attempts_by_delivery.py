"""An index on webhook_attempts(delivery_id): a delivery's attempts found by its id.

Deleting a delivery deletes its attempts (ON DELETE CASCADE, and explicitly on SQLite), and
deliveries are deleted by the thousand: with their endpoint (DELETE
/v1/webhook_endpoints/:id) and with their events when the worker prunes the feed. Without
an index each deleted delivery scanned every attempt: DELETE /v1/webhook_endpoints/:id of
the bench's endpoint (10,778 deliveries, as many attempts) took 4.6 s on an idle machine and
answered 503 (the statement timeout) while the create bench ran; its three DELETE statements
took 16.4 s without the index and 55 ms with it (docs/webhooks.md).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_webhook_attempts_delivery", "webhook_attempts", ["delivery_id"])


def downgrade() -> None:
    op.drop_index("ix_webhook_attempts_delivery", table_name="webhook_attempts")
