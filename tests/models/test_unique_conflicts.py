"""A write that violates a unique index is recognised by the index's name on both databases
(core/db_errors.violated_unique); the index declares its own 409 (models/base.UniqueConflict),
and one that declares none stays an error for the caller to raise."""

import pytest
from sqlalchemy.exc import IntegrityError

from otesse.core.db import Database
from otesse.core.db_errors import violated_unique
from otesse.core.ids import new_id
from otesse.models import Account, Base, Customer
from otesse.models.base import conflict_of
from tests.factories import Tenant, make_customer


async def _refused(database: Database, row: object) -> IntegrityError:
    with pytest.raises(IntegrityError) as refused:
        async with database.transaction() as session:
            session.add(row)
            await session.flush()
    return refused.value


async def test_a_declared_unique_index_answers_its_conflict(
    database: Database, tenant: Tenant
) -> None:
    await make_customer(database, tenant, email="taken@example.com")
    twin = Customer(
        id=new_id("cust"),
        account_id=tenant.account_id,
        mode=tenant.mode,
        first_name="T",
        last_name="Win",
        email="TAKEN@example.com",
        email_key="taken@example.com",
        search_text="t win",
    )
    error = await _refused(database, twin)

    unique = violated_unique(error, Base.metadata)
    conflict = conflict_of(error, {"email": "TAKEN@example.com"})

    assert unique is not None and unique.name == "uq_customers_email"
    assert conflict is not None
    assert (conflict.code, conflict.param) == ("email_taken", "email")
    assert "TAKEN@example.com" in conflict.message


async def test_an_undeclared_unique_index_is_found_but_answers_nothing(
    database: Database, tenant: Tenant
) -> None:
    error = await _refused(database, Account(id=new_id("acct"), name="acme"))

    unique = violated_unique(error, Base.metadata)

    assert unique is not None and unique.name == "uq_accounts_name"
    assert conflict_of(error, {}) is None
