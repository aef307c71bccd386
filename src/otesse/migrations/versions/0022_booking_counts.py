"""booking_counts: the Bookings list's exact totals and deep pages from counter rows.

`GET /v1/bookings` counted the tenant's bookings on every request (1.3 million at a million
customers: a parallel scan, 260 ms for one status, more for all of them) and walked to a deep
page by OFFSET through an index (120 ms at 400,000 entries). booking_counts holds, per
(account, mode, status, UTC day of scheduled_at), how many bookings there are, moved by
triggers on bookings in the same transaction as the bookings themselves, whatever wrote
them (the API, a customer's deactivation or erasure, the seed). A total is a sum of these
rows; a page's position falls in one day, whose first booking in the list's order is known
from the days before it, so the page is read from that day's start and skips at most one
day's bookings (bookings/counted_pages.py).

On PostgreSQL the triggers are statement triggers over transition tables, as customer
tags' (migration 0018, core/counter_triggers.py): a statement moves each counter once, in
key order, so two statements (a deactivation cancelling many bookings among them) cannot
lock the same counter rows in opposite orders; each backend writes its own slot. SQLite
serialises writers: its row triggers move one row.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from otesse.models.bookings import BOOKING_COUNTS

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking_counts",
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("scheduled_day", sa.Date(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name=op.f("ck_booking_counts_mode")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_booking_counts_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint(
            "account_id",
            "mode",
            "status",
            "scheduled_day",
            "slot",
            name=op.f("pk_booking_counts"),
        ),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        # No booking written between the count and the triggers' creation is missed.
        op.execute("LOCK TABLE bookings IN SHARE MODE")
    op.execute(BOOKING_COUNTS.backfill(postgresql=postgresql))
    for statement in BOOKING_COUNTS.install(postgresql=postgresql):
        op.execute(statement)


def downgrade() -> None:
    for statement in BOOKING_COUNTS.uninstall(
        postgresql=op.get_bind().dialect.name == "postgresql"
    ):
        op.execute(statement)
    op.drop_table("booking_counts")
