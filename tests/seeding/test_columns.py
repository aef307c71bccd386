"""The seed writes the columns the ORM tables declare (seeding/columns.py derives them), and
every generated row has exactly those columns, in that order."""

from otesse.models import Base
from otesse.seeding import batches
from otesse.seeding import generate as gen
from otesse.seeding.columns import COLUMNS, TABLES


def test_the_seeded_columns_are_the_tables_columns() -> None:
    for name in TABLES:
        declared = {column.name for column in Base.metadata.tables[name].columns}
        assert set(COLUMNS[name]) == declared, name
        assert len(COLUMNS[name]) == len(declared), name


def test_every_generated_row_has_one_value_per_column() -> None:
    plan = batches.Plan(
        account_id="acct_seed",
        mode="test",
        start=0,
        count=200,
        total=200,
        begin=1_700_000_000,
        end=1_760_000_000,
        now=1_760_000_000,
        zips={"97401": ("zone_seed", "Eugene", "OR")},
    )
    batch = gen.generate(plan)
    for name in TABLES:
        assert batch.rows[name], name
        assert {len(row) for row in batch.rows[name]} == {len(COLUMNS[name])}, name
    customer = dict(zip(COLUMNS["customers"], batch.rows["customers"][0], strict=True))
    assert customer["id"].startswith("cust_") and customer["account_id"] == "acct_seed"
    line_item = dict(
        zip(COLUMNS["invoice_line_items"], batch.rows["invoice_line_items"][0], strict=True)
    )
    assert line_item["id"].startswith("ili_")  # as the API's invoices write them
