"""Customers with invitations, inserted through the ORM as the customers stream does."""

import re

from otesse.core.db import Database
from otesse.core.ids import new_id
from otesse.invitations.service import queue_invitation
from otesse.models import Customer
from tests.factories import Tenant


def new_customer(
    tenant: Tenant, *, first_name: str = "John", last_name: str = "Smith", email: str = ""
) -> Customer:
    local = re.sub(r"[^a-z0-9]", "", first_name.lower()) or "customer"
    email = email or f"{local}.{new_id('x')[-8:].lower()}@example.com"
    return Customer(
        id=new_id("cust"),
        account_id=tenant.account_id,
        mode=tenant.mode,
        first_name=first_name,
        last_name=last_name,
        email=email,
        email_key=email.casefold(),
        search_text=" ".join(
            [f"{first_name} {last_name}", f"{last_name} {first_name}", email, ""]
        ).casefold(),
        send_invitation=True,
    )


async def create_invited_customer(database: Database, tenant: Tenant, **fields: str) -> Customer:
    """A customer created with send_invitation true, committed with its queued invitation."""
    async with database.transaction() as session:
        customer = new_customer(tenant, **fields)
        session.add(customer)
        await session.flush()
        await queue_invitation(session, customer=customer)
    return customer
