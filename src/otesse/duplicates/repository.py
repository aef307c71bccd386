"""The duplicate candidates' lookups: each reason is one indexed lookup in the tenant, bounded,
so the answer costs a few index probes whatever the tenant's size.

- same_phone: ix_customers_phone (account, mode, phone);
- same_email_local_part: ix_customers_email_local (account, mode, email_local_key), the
  local part case-folded without `+tag` and dots, on another domain;
- same_name_and_address: ix_addresses_zip_street (account, mode, zip, lower(street)) for
  each of the customer's addresses, then the same first and last name (case-insensitive).
"""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Address, Customer

# Per reason: a phone shared by thousands (a front desk's) must not make the answer slow.
PER_REASON = 50


def _others(customer: Customer) -> list[ColumnElement[bool]]:
    return [
        Customer.account_id == customer.account_id,
        Customer.mode == customer.mode,
        Customer.id != customer.id,
        Customer.status != "merged",
    ]


async def same_phone(session: AsyncSession, customer: Customer) -> Sequence[str]:
    if customer.phone is None:
        return []
    query = (
        select(Customer.id)
        .where(*_others(customer), Customer.phone == customer.phone)
        .limit(PER_REASON)
    )
    return list(await session.scalars(query))


async def same_email_local_part(session: AsyncSession, customer: Customer) -> Sequence[str]:
    if not customer.email_local_key:
        return []
    domain = customer.email_key.rsplit("@", 1)[-1]
    query = (
        select(Customer.id)
        .where(
            *_others(customer),
            Customer.email_local_key == customer.email_local_key,
            # Another domain: the same local part on one domain is another mailbox.
            ~Customer.email_key.endswith(f"@{domain}", autoescape=True),
        )
        .limit(PER_REASON)
    )
    return list(await session.scalars(query))


async def same_name_and_address(session: AsyncSession, customer: Customer) -> Sequence[str]:
    own = (
        await session.execute(
            select(Address.zip, func.lower(Address.street)).where(
                Address.customer_id == customer.id
            )
        )
    ).all()
    found: list[str] = []
    for zip_code, street in own:
        query = (
            select(Customer.id)
            .join(Address, Address.customer_id == Customer.id)
            .where(
                *_others(customer),
                Address.account_id == customer.account_id,
                Address.mode == customer.mode,
                Address.zip == zip_code,
                func.lower(Address.street) == street,
                func.lower(Customer.first_name) == customer.first_name.lower(),
                func.lower(Customer.last_name) == customer.last_name.lower(),
            )
            .distinct()
            .limit(PER_REASON)
        )
        found.extend(await session.scalars(query))
    return found
