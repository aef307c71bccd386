"""On PostgreSQL the counters follow an INSERT of customers once per statement, not per row.

The row trigger of migrations 0002/0004/0011 took, for every inserted customer, the tenant's
shared advisory lock, upserted its counter row and updated the registered terms' rows: an
import's 1,000-row INSERT spent 546 ms against 157 ms without it (docs/import.md). The
INSERT side is now a statement trigger over the statement's new rows (`added`): one shared
lock per tenant in the statement, one upsert per (account, mode, status,
active_subscription) group and one UPDATE of the term rows the new customers match.

What is kept from the row trigger:
- the counts, and `changes` (migration 0004) growing by one per customer counted, so it
  grows whenever `n` moves (a group of 40 customers adds 40 to both);
- the lock order of migration 0011: the tenants' locks, the counter rows and the term rows
  are each taken in key order, so two statements (or a statement and a row trigger moving
  an update) cannot wait on each other in opposite orders;
- a statement of one customer (POST /v1/customers) costs what it did: 1,000 one-row
  INSERTs took 1.13 s with the row trigger and 1.14 s with this one (docs/import.md).

UPDATE and DELETE stay row triggers (migration 0011's function): they come one customer per
statement from the API, and an update moves two keys whose order is per row. SQLite
serialises writers; its row triggers stay.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A term row counts a new customer whose search text holds the term (migration 0011's rule).
_HOLDS = (
    "a.account_id = t.account_id AND a.mode = t.mode AND a.status = t.status "
    "AND a.active_subscription = t.active_subscription AND strpos(a.search_text, t.term) > 0"
)
_TERM_KEY = "t.account_id, t.mode, t.term, t.status, t.active_subscription"

ADDED = f"""
CREATE FUNCTION customer_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tenant record;
BEGIN
    FOR tenant IN SELECT DISTINCT account_id, mode FROM added ORDER BY account_id, mode LOOP
        PERFORM pg_advisory_xact_lock_shared(
            hashtext('customer_counts:' || tenant.account_id || ':' || tenant.mode));
    END LOOP;
    -- Rows are upserted in the order of the SELECT: key order.
    INSERT INTO customer_counts AS c (account_id, mode, status, active_subscription, slot, n,
            changes)
        SELECT account_id, mode, status, active_subscription, (pg_backend_pid() % 8)::smallint,
            count(*), count(*)
        FROM added
        GROUP BY account_id, mode, status, active_subscription
        ORDER BY account_id, mode, status, active_subscription
        ON CONFLICT (account_id, mode, status, active_subscription, slot)
        DO UPDATE SET n = c.n + EXCLUDED.n, changes = c.changes + EXCLUDED.changes;
    -- An UPDATE ... FROM locks in join order; the rows it moves are locked first, in order.
    PERFORM 1 FROM customer_term_counts t
        WHERE EXISTS (SELECT 1 FROM added a WHERE {_HOLDS})
        ORDER BY {_TERM_KEY}
        FOR UPDATE;
    UPDATE customer_term_counts t SET n = t.n + matched.n
        FROM (
            SELECT {_TERM_KEY}, count(*) AS n
            FROM customer_term_counts t JOIN added a ON {_HOLDS}
            GROUP BY {_TERM_KEY}
        ) AS matched
        WHERE ({_TERM_KEY}) = (matched.account_id, matched.mode, matched.term, matched.status,
            matched.active_subscription);
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants only

ROW_INSERT_DELETE = (
    "CREATE TRIGGER customers_counts_insert_delete AFTER INSERT OR DELETE ON customers "
    "FOR EACH ROW EXECUTE FUNCTION customer_counts_move()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(ADDED)
    op.execute("DROP TRIGGER customers_counts_insert_delete ON customers")
    # The names SQLite's triggers have (migration 0002): the seed disables the insert one.
    op.execute(
        "CREATE TRIGGER customers_counts_insert AFTER INSERT ON customers "
        "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
        "EXECUTE FUNCTION customer_counts_added()"
    )
    op.execute(
        "CREATE TRIGGER customers_counts_delete AFTER DELETE ON customers "
        "FOR EACH ROW EXECUTE FUNCTION customer_counts_move()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER customers_counts_delete ON customers")
    op.execute("DROP TRIGGER customers_counts_insert ON customers")
    op.execute(ROW_INSERT_DELETE)
    op.execute("DROP FUNCTION customer_counts_added()")
