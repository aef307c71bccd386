"""An import writes its new customers many to a statement; the list's counters and a
registered term's counters still equal what counting the customers says (on PostgreSQL a
statement trigger counts them, migration 0020; on SQLite the row triggers)."""

from pathlib import Path

from sqlalchemy import func, select

from otesse.core.db import Database
from otesse.customer_counts.repository import customer_total, register_term, term_total
from otesse.customers.filters import SEARCH
from otesse.models import Customer, CustomerCount
from tests.factories import Tenant
from tests.imports.conftest import Cli

HEADER = (
    "first_name,last_name,email,status,"
    "address_1_street,address_1_city,address_1_state,address_1_zip"
)
STATUSES = ("active", "inactive", "deactivated")
ROWS = 250


def _file(path: Path) -> Path:
    # A third of the customers are Johnsons (the registered term), in every status.
    lines = [HEADER]
    for n in range(ROWS):
        last = "Johnson" if n % 3 == 0 else "Miller"
        status = STATUSES[n % 5 % 3]
        lines.append(f"Pat{n},{last},pat{n}@example.com,{status},{n} Main St,Eugene,OR,97401")
    path.write_text("\n".join(lines) + "\n")
    return path


async def test_counters_and_a_registered_term_stay_exact_after_a_multi_row_import(
    cli: Cli, database: Database, tenant: Tenant, tmp_path: Path
) -> None:
    where = {"account_id": tenant.account_id, "mode": tenant.mode}
    async with database.transaction() as session:
        assert await register_term(
            session, **where, term="john", matches=SEARCH.condition("john"), total=0
        )
    result = await cli("import", "customers", _file(tmp_path / "c.csv"), "--account", "acme")
    assert f"{ROWS} created" in result.stderr, result.stderr

    of_tenant = (Customer.account_id == tenant.account_id, Customer.mode == tenant.mode)
    counted = select(Customer.status, func.count()).where(*of_tenant).group_by(Customer.status)
    johns = counted.where(Customer.search_text.contains("john"))
    async with database.transaction() as session:
        by_status = dict((await session.execute(counted)).all())
        johns_by_status = dict((await session.execute(johns)).all())
        assert sorted(by_status) == sorted(STATUSES)
        assert sum(johns_by_status.values()) == len(range(0, ROWS, 3))
        assert await customer_total(session, **where) == ROWS
        for status in STATUSES:
            assert await customer_total(session, **where, status=status) == by_status[status]
            assert await term_total(session, **where, term="john", status=status) == (
                johns_by_status.get(status, 0)
            )
        # Every customer counted moved `changes` too (deep pages' anchors rely on it).
        changes = select(func.sum(CustomerCount.changes)).where(
            CustomerCount.account_id == tenant.account_id, CustomerCount.mode == tenant.mode
        )
        assert await session.scalar(changes) == ROWS
