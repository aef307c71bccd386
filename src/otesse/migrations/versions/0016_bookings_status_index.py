"""An index on bookings(account_id, mode, status, scheduled_at, id): the Bookings list by status.

`GET /v1/bookings?status=completed&page=N` counted the tenant's bookings of that status and
walked to its page through the scheduled-time index, testing each booking's status: at a
million customers (about three million bookings) that passed the 5 s statement timeout and
answered 503 (docs/performance.md, issue 12). With the status leading after the tenant, the
total is an index-only count of that status's entries and the page an index-only walk in
the list's own order.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_bookings_status_scheduled",
        "bookings",
        ["account_id", "mode", "status", "scheduled_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_bookings_status_scheduled", table_name="bookings")
