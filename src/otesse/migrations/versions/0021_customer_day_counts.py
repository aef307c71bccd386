"""customer_day_counts: exact totals for `created_after` and `zone_id`, kept in the writing
transaction.

Both filters were counted on every request: `zone_id=` (a fifth of a million customers per
zone) took 2.7 to 4.4 s, `created_after=` a random date 0.7 to 3 s (issue 12). This table holds
how many customers were created on each UTC day, by status and active subscription, once
for all the tenant's customers (`zone_id = ''`) and once per zone for the customers with at
least one address in it (a customer counts once per zone however many addresses it has
there). A `created_after` total is the sum of the days after its date plus a count of the
customers of its own day from that moment on (a few hundred index entries); a zone's total
is the sum of its days.

What moves the rows, on PostgreSQL:
- an INSERT of customers: one statement trigger over the new rows (as migration 0020),
  one upsert per (account, mode, day, status, active_subscription);
- a customer's status, active_subscription or created_at changing: a row trigger moving its `''` row
  and its zones' rows from the old values to the new, in one upsert in key order;
- deleting a customer: a BEFORE row trigger taking its rows down while its addresses still
  exist (the cascade that deletes them then finds no customer to count);
- any INSERT, UPDATE or DELETE of addresses: a statement trigger over the statement's old
  and new rows. For each (customer, zone) pair whose number of addresses the statement
  changed, it compares the pair's addresses now with before (now minus added plus
  removed) and moves the counter when the customer entered or left the zone. It first locks
  those customers' rows (FOR NO KEY UPDATE, in id order): two transactions adding the first
  two addresses of one customer in one zone would otherwise both see "no other address" and
  count it twice, and a status change in flight would move the zone's row under the old
  status. A status change holds the customer's row itself, so the two wait for each other
  and whichever runs second reads what the first committed.

Each writer takes the counter rows in key order in one statement, with its own slot
(backend pid % 8) so concurrent writers rarely share a row; SQLite serialises writers and
gets row triggers with slot 0.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALL = "''"  # the zone_id of the rows counting every customer
KEY = "account_id, mode, zone_id, created_day, status, active_subscription"
PG_DAY = "(({0}.created_at AT TIME ZONE 'UTC')::date)"
SQLITE_DAY = "substr({0}.created_at, 1, 10)"  # SQLAlchemy's text: 'YYYY-MM-DD HH:MM:SS...'

# `moves` is a SELECT of (account_id, mode, zone_id, created_day, status, active_subscription,
# delta); the upsert takes the rows in key order, a key once.
PG_UPSERT = f"""
INSERT INTO customer_day_counts AS d ({KEY}, slot, n)
    SELECT {KEY}, (pg_backend_pid() % 8)::smallint, sum(delta) FROM ({{moves}}) moves
    GROUP BY {KEY} HAVING sum(delta) <> 0 ORDER BY {KEY}
    ON CONFLICT ({KEY}, slot) DO UPDATE SET n = d.n + EXCLUDED.n
"""  # noqa: S608 - constants only


def _customer_rows(side: str, sign: str) -> str:
    """The rows of customer ``side`` (OLD/NEW): its `''` row and one per zone it is in."""
    day = PG_DAY.format(side)
    return (
        f"SELECT {side}.account_id, {side}.mode, {ALL} AS zone_id, {day} AS created_day, "  # noqa: S608
        f"{side}.status, {side}.active_subscription, {sign}1 AS delta "
        f"UNION ALL SELECT DISTINCT {side}.account_id, {side}.mode, a.zone_id, {day}, "
        f"{side}.status, {side}.active_subscription, {sign}1 FROM addresses a "
        f"WHERE a.customer_id = {side}.id AND a.zone_id IS NOT NULL"
    )


# The (customer, zone) pairs whose number of addresses the statement changed, with how many
# of the statement's rows added and removed one.
PAIRS = """
SELECT customer_id, zone_id, sum(added) AS added, sum(removed) AS removed FROM (
    SELECT customer_id, zone_id, 1 AS added, 0 AS removed FROM added WHERE zone_id IS NOT NULL
    UNION ALL
    SELECT customer_id, zone_id, 0, 1 FROM removed WHERE zone_id IS NOT NULL
) rows GROUP BY customer_id, zone_id HAVING sum(added) <> sum(removed)
"""

ZONE_MOVES = f"""
SELECT c.account_id, c.mode, p.zone_id, {PG_DAY.format("c")} AS created_day, c.status,
    c.active_subscription, p.delta
FROM (
    SELECT customer_id, zone_id,
        (present > 0)::int - (present - added + removed > 0)::int AS delta
    FROM (
        SELECT p.*, (SELECT count(*) FROM addresses a
            WHERE a.customer_id = p.customer_id AND a.zone_id = p.zone_id) AS present
        FROM ({PAIRS}) p
    ) counted
) p JOIN customers c ON c.id = p.customer_id
WHERE p.delta <> 0
"""  # noqa: S608 - constants only

# Addresses' statements see both tables: an INSERT's `removed` and a DELETE's `added` are
# empty.
NO_ROWS = "SELECT customer_id, zone_id FROM addresses WHERE false"

PG_FUNCTIONS = {
    "customer_day_counts_added": PG_UPSERT.format(
        moves=f"SELECT account_id, mode, {ALL} AS zone_id, {PG_DAY.format('added')} "  # noqa: S608
        "AS created_day, status, active_subscription, 1 AS delta FROM added"
    ),
    "customer_day_counts_moved": (
        "IF TG_OP = 'DELETE' THEN "
        + PG_UPSERT.format(moves=_customer_rows("OLD", "-"))
        + "; RETURN OLD; END IF; "
        + PG_UPSERT.format(
            moves=f"{_customer_rows('OLD', '-')} UNION ALL {_customer_rows('NEW', '+')}"
        )
        + "; RETURN NULL"
    ),
}


def _address_function(added: str, removed: str) -> str:
    pairs = PAIRS.replace("FROM added", f"FROM ({added}) added").replace(
        "FROM removed", f"FROM ({removed}) removed"
    )
    moves = ZONE_MOVES.replace(PAIRS, pairs)
    # A customer this transaction inserted (its xmin is ours) is seen by no other, so it needs
    # no lock: an import's thousand new customers with their addresses took 50 ms more per
    # batch when locked. One inserted under a savepoint has the savepoint's xid: locked, which
    # is only slower.
    return (
        f"PERFORM 1 FROM customers WHERE id IN (SELECT customer_id FROM ({pairs}) p) "  # noqa: S608
        "AND xmin::text <> (pg_current_xact_id()::text::bigint % 4294967296)::text "
        f"ORDER BY id FOR NO KEY UPDATE; {PG_UPSERT.format(moves=moves)}"
    )


ADDED_ROWS = "SELECT customer_id, zone_id FROM added"
REMOVED_ROWS = "SELECT customer_id, zone_id FROM removed"
ADDRESS_FUNCTIONS = {
    "address_day_counts_added": (
        _address_function(ADDED_ROWS, NO_ROWS),
        "INSERT",
        "NEW TABLE AS added",
    ),
    "address_day_counts_removed": (
        _address_function(NO_ROWS, REMOVED_ROWS),
        "DELETE",
        "OLD TABLE AS removed",
    ),
    "address_day_counts_changed": (
        _address_function(ADDED_ROWS, REMOVED_ROWS),
        "UPDATE",
        "OLD TABLE AS removed NEW TABLE AS added",
    ),
}

# created_at too: nothing in the service changes it, but a row whose creation time is
# corrected by hand must move to its day.
WATCHED = "status, active_subscription, created_at"
CHANGED = (
    "OLD.status IS NOT NEW.status OR OLD.active_subscription IS NOT NEW.active_subscription "
    "OR OLD.created_at IS NOT NEW.created_at"
)


def _sqlite_bump(select: str, sign: str) -> str:
    """Upsert the rows ``select`` names (without delta) by one, up or down."""
    return (
        f"INSERT INTO customer_day_counts ({KEY}, slot, n) {select} "
        f"ON CONFLICT ({KEY}, slot) DO UPDATE SET n = n {sign} 1;"
    )


def _sqlite_customer(side: str, sign: str) -> str:
    day = SQLITE_DAY.format(side)
    own = (
        f"SELECT {side}.account_id, {side}.mode, {ALL}, {day}, {side}.status, "
        f"{side}.active_subscription, 0, {sign}1 WHERE true"
    )
    zones = (
        f"SELECT DISTINCT {side}.account_id, {side}.mode, a.zone_id, {day}, {side}.status, "  # noqa: S608
        f"{side}.active_subscription, 0, {sign}1 FROM addresses a "
        f"WHERE a.customer_id = {side}.id AND a.zone_id IS NOT NULL"
    )
    return _sqlite_bump(own, sign) + " " + _sqlite_bump(zones, sign)


def _sqlite_address(side: str, sign: str, other: str) -> str:
    """Move the zone row of address ``side``'s customer when no ``other`` address of it is in
    that zone (``other``: a condition on addresses `o`)."""
    return _sqlite_bump(
        f"SELECT c.account_id, c.mode, {side}.zone_id, {SQLITE_DAY.format('c')}, c.status, "  # noqa: S608
        f"c.active_subscription, 0, {sign}1 FROM customers c WHERE c.id = {side}.customer_id "
        f"AND {side}.zone_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM addresses o "
        f"WHERE o.customer_id = {side}.customer_id AND o.zone_id = {side}.zone_id AND {other})",
        sign,
    )


SQLITE_TRIGGERS = {
    "customer_day_counts_insert": (
        "AFTER INSERT ON customers",
        _sqlite_bump(
            f"SELECT NEW.account_id, NEW.mode, {ALL}, {SQLITE_DAY.format('NEW')}, NEW.status, "
            "NEW.active_subscription, 0, 1 WHERE true",
            "+",
        ),
    ),
    "customer_day_counts_update": (
        f"AFTER UPDATE OF {WATCHED} ON customers WHEN {CHANGED}",
        _sqlite_customer("OLD", "-") + " " + _sqlite_customer("NEW", "+"),
    ),
    "customer_day_counts_delete": ("BEFORE DELETE ON customers", _sqlite_customer("OLD", "-")),
    "address_day_counts_insert": (
        "AFTER INSERT ON addresses",
        _sqlite_address("NEW", "+", "o.id <> NEW.id"),
    ),
    "address_day_counts_delete": ("AFTER DELETE ON addresses", _sqlite_address("OLD", "-", "true")),
    "address_day_counts_update": (
        "AFTER UPDATE OF zone_id, customer_id ON addresses WHEN OLD.zone_id IS NOT NEW.zone_id "
        "OR OLD.customer_id IS NOT NEW.customer_id",
        _sqlite_address("OLD", "-", "true") + " " + _sqlite_address("NEW", "+", "o.id <> NEW.id"),
    ),
}

BACKFILL = (
    f"INSERT INTO customer_day_counts ({KEY}, slot, n) "  # noqa: S608 - constants only
    f"SELECT account_id, mode, {ALL}, {{day_c}}, status, active_subscription, 0, count(*) "
    "FROM customers c GROUP BY account_id, mode, 4, status, active_subscription",
    f"INSERT INTO customer_day_counts ({KEY}, slot, n) "  # noqa: S608 - constants only
    "SELECT c.account_id, c.mode, z.zone_id, {day_c}, c.status, c.active_subscription, 0, "
    "count(*) FROM (SELECT DISTINCT customer_id, zone_id FROM addresses "
    "WHERE zone_id IS NOT NULL) z JOIN customers c ON c.id = z.customer_id "
    "GROUP BY c.account_id, c.mode, z.zone_id, 4, c.status, c.active_subscription",
)


def upgrade() -> None:
    op.create_table(
        "customer_day_counts",
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.Column("zone_id", sa.String(length=40), nullable=False),
        sa.Column("created_day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("active_subscription", sa.Boolean(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name=op.f("ck_customer_day_counts_mode")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_customer_day_counts_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint(
            "account_id",
            "mode",
            "zone_id",
            "created_day",
            "status",
            "active_subscription",
            "slot",
            name=op.f("pk_customer_day_counts"),
        ),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        # No customer or address written between the count and the triggers is missed.
        op.execute("LOCK TABLE customers, addresses IN SHARE MODE")
    day = PG_DAY.format("c") if postgresql else SQLITE_DAY.format("c")
    for statement in BACKFILL:
        op.execute(statement.format(day_c=day))
    if not postgresql:
        for name, (when, body) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
        return
    for name, body in PG_FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; END $$"
            if name.endswith("moved")
            else f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$"
        )
    op.execute(
        "CREATE TRIGGER customer_day_counts_insert AFTER INSERT ON customers "
        "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
        "EXECUTE FUNCTION customer_day_counts_added()"
    )
    op.execute(
        f"CREATE TRIGGER customer_day_counts_update AFTER UPDATE OF {WATCHED} ON customers "
        f"FOR EACH ROW WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
        "EXECUTE FUNCTION customer_day_counts_moved()"
    )
    op.execute(
        "CREATE TRIGGER customer_day_counts_delete BEFORE DELETE ON customers "
        "FOR EACH ROW EXECUTE FUNCTION customer_day_counts_moved()"
    )
    for name, (body, event, tables) in ADDRESS_FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON addresses REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in ADDRESS_FUNCTIONS:
            op.execute(f"DROP TRIGGER {name} ON addresses")
            op.execute(f"DROP FUNCTION {name}()")
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER customer_day_counts_{name} ON customers")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("customer_day_counts")
