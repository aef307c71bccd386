"""The consent ledger (append-only, enforced by the database) and accepted invitations.

``consents`` holds one row per consent given or withdrawn. Triggers refuse every UPDATE and
every DELETE (and, on PostgreSQL, TRUNCATE) of it, except the DELETE of a customer's rows in
a transaction that first wrote that customer's id into ``consent_erasures`` (erasure).

The customer gains ``invitation_accepted_at`` and the per-channel marketing consent
(``marketing_email`` / ``marketing_sms`` / ``marketing_phone``), a projection of the ledger
rewritten with each record; the invitation gains ``accepted_at``.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRESQL_TRIGGERS = (
    """
CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM consent_erasures WHERE customer_id = OLD.customer_id
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'consent records are append-only' USING ERRCODE = 'restrict_violation';
END
$$
""",
    "CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents "
    "FOR EACH ROW EXECUTE FUNCTION consents_append_only()",
    "CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents "
    "FOR EACH STATEMENT EXECUTE FUNCTION consents_append_only()",
)
SQLITE_TRIGGERS = (
    """
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END
""",
    """
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
WHEN NOT EXISTS (SELECT 1 FROM consent_erasures WHERE customer_id = OLD.customer_id)
BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END
""",
)


def upgrade() -> None:
    op.create_table(
        "consent_erasures",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_consent_erasures")),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=5), nullable=False),
        sa.Column("purpose", sa.String(length=13), nullable=False),
        sa.Column("state", sa.String(length=7), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("disclosure", sa.Text(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=500), nullable=True),
        sa.Column("request_id", sa.String(length=40), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=4), nullable=False),
        sa.CheckConstraint("mode IN ('test', 'live')", name=op.f("ck_consents_mode")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_consents_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_consents_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index(
        "ix_consents_customer_recorded", "consents", ["customer_id", "recorded_at", "id"]
    )
    for statement in (
        POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    ):
        op.execute(statement)
    op.add_column(
        "invitations", sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "customers",
        sa.Column("invitation_accepted_at", sa.DateTime(timezone=True), nullable=True),
    )
    for channel in ("email", "sms", "phone"):
        op.add_column(
            "customers",
            sa.Column(
                f"marketing_{channel}", sa.Boolean(), nullable=False, server_default=sa.false()
            ),
        )
    # Customers opted in before the ledger existed: their consent is on email (the only
    # marketing channel the boolean meant), recorded as an import so the ledger explains it.
    op.execute("UPDATE customers SET marketing_email = marketing_opt_in")
    op.execute(
        "INSERT INTO consents (id, account_id, mode, customer_id, channel, purpose, state, "
        "source, disclosure, recorded_at) "
        "SELECT 'cons_' || id, account_id, mode, id, 'email', 'marketing', 'granted', 'import', "
        "'marketing_opt_in before the consent ledger (migration 0007)', updated_at "
        "FROM customers WHERE marketing_opt_in"
    )


def downgrade() -> None:
    for channel in ("phone", "sms", "email"):
        op.drop_column("customers", f"marketing_{channel}")
    op.drop_column("customers", "invitation_accepted_at")
    op.drop_column("invitations", "accepted_at")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE consents")
        op.execute("DROP FUNCTION consents_append_only()")
    else:
        op.drop_table("consents")
    op.drop_table("consent_erasures")
