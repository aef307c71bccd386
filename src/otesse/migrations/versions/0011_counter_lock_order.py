"""The counter trigger locks its rows in one order, so concurrent writes cannot deadlock.

Migration 0004's function moved an update's counters in the order old value, new value: one
transaction flipping a customer active → inactive locked (active) then (inactive) while
another flipping one inactive → active locked them the other way round, and PostgreSQL
aborted one of the two ("deadlock detected"; 32 writers saw it several times a minute). The
rows are now locked in key order: customer_counts' two rows by (status, active_subscription),
and a registered term's rows in one ordered `SELECT … FOR UPDATE` before one UPDATE that moves
both sides. The counts it keeps are the same. SQLite serialises writers; its triggers stay.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = """
CREATE FUNCTION customer_counts_bump(
    p_account_id text, p_mode text, p_status text, p_subscribed boolean, p_by integer
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO customer_counts AS c (account_id, mode, status, active_subscription, slot, n,
            changes)
        VALUES (p_account_id, p_mode, p_status, p_subscribed,
            (pg_backend_pid() % 8)::smallint, p_by, 1)
        ON CONFLICT (account_id, mode, status, active_subscription, slot)
        DO UPDATE SET n = c.n + p_by, changes = c.changes + 1
$$
"""

# `side` is OLD or NEW; a term row counts a customer whose search text holds the term.
_HOLDS = (
    "(status = {side}.status AND active_subscription = {side}.active_subscription "
    "AND strpos({side}.search_text, term) > 0)"
)
OLD_HOLDS = _HOLDS.format(side="OLD")
NEW_HOLDS = _HOLDS.format(side="NEW")

MOVE = f"""
CREATE OR REPLACE FUNCTION customer_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tenant_account text := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    tenant_mode text := CASE WHEN TG_OP = 'DELETE' THEN OLD.mode ELSE NEW.mode END;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(
        hashtext('customer_counts:' || tenant_account || ':' || tenant_mode));
    IF TG_OP = 'INSERT' THEN
        PERFORM customer_counts_bump(tenant_account, tenant_mode, NEW.status,
            NEW.active_subscription, 1);
        UPDATE customer_term_counts SET n = n + 1
            WHERE account_id = tenant_account AND mode = tenant_mode AND {NEW_HOLDS};
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM customer_counts_bump(tenant_account, tenant_mode, OLD.status,
            OLD.active_subscription, -1);
        UPDATE customer_term_counts SET n = n - 1
            WHERE account_id = tenant_account AND mode = tenant_mode AND {OLD_HOLDS};
        RETURN NULL;
    END IF;
    -- An update: both sides, the lower key first.
    IF (OLD.status, OLD.active_subscription) <= (NEW.status, NEW.active_subscription) THEN
        PERFORM customer_counts_bump(tenant_account, tenant_mode, OLD.status,
            OLD.active_subscription, -1);
        PERFORM customer_counts_bump(tenant_account, tenant_mode, NEW.status,
            NEW.active_subscription, 1);
    ELSE
        PERFORM customer_counts_bump(tenant_account, tenant_mode, NEW.status,
            NEW.active_subscription, 1);
        PERFORM customer_counts_bump(tenant_account, tenant_mode, OLD.status,
            OLD.active_subscription, -1);
    END IF;
    PERFORM 1 FROM customer_term_counts
        WHERE account_id = tenant_account AND mode = tenant_mode
          AND ({OLD_HOLDS} OR {NEW_HOLDS})
        ORDER BY term, status, active_subscription
        FOR UPDATE;
    UPDATE customer_term_counts
        SET n = n + (CASE WHEN {NEW_HOLDS} THEN 1 ELSE 0 END)
                  - (CASE WHEN {OLD_HOLDS} THEN 1 ELSE 0 END)
        WHERE account_id = tenant_account AND mode = tenant_mode
          AND ({OLD_HOLDS} OR {NEW_HOLDS});
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants only


def _migration_0004() -> ModuleType:
    path = Path(__file__).with_name("0004_customer_counts_changes.py")
    spec = importlib.util.spec_from_file_location("otesse_migration_0004", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUMP)
    op.execute(MOVE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_migration_0004()._pg_function(", changes = c.changes + 1"))
    op.execute("DROP FUNCTION customer_counts_bump(text, text, text, boolean, integer)")
