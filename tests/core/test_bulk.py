"""insert_many (core/bulk.py): rows written in the caller's transaction, and a row the
database refuses raised as SQLAlchemy's IntegrityError naming the index, the session left
usable past its savepoint (the import then writes its batch one row at a time)."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from otesse.auth.principal import Principal
from otesse.core.bulk import insert_many
from otesse.core.db import Database
from otesse.core.db_errors import violated_unique
from otesse.customers.schemas import CustomerCreate
from otesse.customers.service import customer_values
from otesse.models import Base, Customer
from tests.factories import Tenant


def _values(tenant: Tenant, email: str) -> dict[str, object]:
    principal = Principal(account_id=tenant.account_id, mode=tenant.mode, key_id="test")
    body = CustomerCreate(first_name="Ada", last_name="Byron", email=email)
    return customer_values(principal, body)


async def _count(database: Database, tenant: Tenant) -> int:
    async with database.transaction() as session:
        query = select(func.count()).where(Customer.account_id == tenant.account_id)
        return int(await session.scalar(query) or 0)


async def test_the_rows_are_written_in_the_callers_transaction(
    database: Database, tenant: Tenant
) -> None:
    rows = [_values(tenant, f"ada{n}@example.com") for n in range(3)]
    async with database.sessionmaker() as session:
        transaction = await session.begin()
        await insert_many(session, Customer, rows)  # the transaction's first statement
        await transaction.rollback()
    assert await _count(database, tenant) == 0

    async with database.transaction() as session:
        await insert_many(session, Customer, rows)
    assert await _count(database, tenant) == 3


async def test_a_refused_row_is_an_integrity_error_and_the_session_goes_on(
    database: Database, tenant: Tenant
) -> None:
    async with database.transaction() as session:
        await insert_many(session, Customer, [_values(tenant, "ada@example.com")])
        refused = None
        try:
            async with session.begin_nested():
                twins = [_values(tenant, "bob@example.com"), _values(tenant, "ADA@example.com")]
                await insert_many(session, Customer, twins)
        except IntegrityError as error:
            refused = error
        await insert_many(session, Customer, [_values(tenant, "cy@example.com")])

    assert refused is not None
    unique = violated_unique(refused, Base.metadata)
    assert unique is not None and unique.name == "uq_customers_email"
    assert await _count(database, tenant) == 2
