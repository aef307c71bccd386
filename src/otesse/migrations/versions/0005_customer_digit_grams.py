"""An index of the 4-digit runs in customers' search text, for searches by phone digits.

A search for 4 or more digits ("8675") through the trigram index reads the posting lists of
its digit trigrams, each shared by tens of thousands of phone numbers, to find a few hundred
candidates: most of that search's time at a million customers. `customer_digit_grams`
returns every 4-digit substring of the runs of 4 or more digits in a search text, so a
GIN index over it finds the rows holding every 4-digit piece of the typed digits at once.

The search keeps its exact meaning (a substring of search_text): any run of digits the term
is part of is a run of the text, so the index only narrows the candidates and the list
statement still checks the substring (customers/list_statement.py). PostgreSQL only;
SQLite searches by scanning.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DIGIT_GRAMS = """
CREATE FUNCTION customer_digit_grams(search_text text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(run.digits[1], i, 4)), '{}')
    FROM regexp_matches(search_text, '[0-9]{4,}', 'g') AS run(digits),
         generate_series(1, length(run.digits[1]) - 3) AS i
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DIGIT_GRAMS)
    op.execute(
        "CREATE INDEX ix_customers_digit_grams ON customers "
        "USING gin (customer_digit_grams(search_text))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_customers_digit_grams")
    op.execute("DROP FUNCTION customer_digit_grams(text)")
