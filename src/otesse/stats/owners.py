"""The customer (and its addresses) that bookings, subscriptions and invoices belong to;
:func:`find_customer` is the one way any domain loads or locks a tenant's customer.

Writes lock the customer row first (``FOR UPDATE`` on PostgreSQL; SQLite serialises writers
with BEGIN IMMEDIATE), so every change that moves a customer's stats, and the customer's own
deactivation, take their locks in one order: customer, then the booking/subscription/invoice.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.errors import Conflict, NotFound
from otesse.core.queries import find_owned, not_found
from otesse.models import Address, Customer


async def find_customer(
    session: AsyncSession,
    principal: Principal,
    customer_id: str,
    *,
    param: str | None = None,
    for_update: bool = False,
    for_erasure: bool = False,
) -> Customer:
    """The caller's customer, or 404 (another tenant's id included); ``for_update`` also
    takes its row lock for the rest of the transaction, to change it or what it owns: a
    merged or erased customer refuses every change (409 customer_merged, customer_erased)
    but its erasure (``for_erasure``: a merged source still holds the person's data)."""
    customer = await find_owned(
        session,
        Customer,
        account_id=principal.account_id,
        mode=principal.mode,
        resource_id=customer_id,
        lock=for_update,
    )
    if customer is None:
        raise not_found("customer", customer_id, param=param)
    if for_update and not for_erasure and customer.status == "merged":
        # A merged customer's GET still answers (old references resolve); it takes no writes.
        raise Conflict(
            f"Customer '{customer_id}' was merged into '{customer.merged_into}'; "
            "write to that customer instead.",
            code="customer_merged",
            param=param,
        )
    if for_update and not for_erasure and customer.status == "erased":
        raise erased_conflict(customer_id, param=param)
    return customer


def erased_conflict(customer_id: str, *, param: str | None = None) -> Conflict:
    return Conflict(
        f"Customer '{customer_id}' was erased on request; its record takes no change.",
        code="customer_erased",
        param=param,
    )


async def lock_customer(session: AsyncSession, principal: Principal, customer_id: str) -> None:
    """Take the customer's row lock for the rest of the transaction (the id is known good)."""
    await session.execute(
        select(Customer.id)
        .where(
            Customer.id == customer_id,
            Customer.account_id == principal.account_id,
            Customer.mode == principal.mode,
        )
        .with_for_update()
    )


async def customer_for_new_work(
    session: AsyncSession, principal: Principal, customer_id: str
) -> Customer:
    """Lock the customer and refuse a deactivated one (409): it takes no new bookings or
    subscriptions."""
    customer = await find_customer(
        session, principal, customer_id, param="customer_id", for_update=True
    )
    if customer.status == "deactivated":
        raise Conflict(
            f"Customer '{customer_id}' is deactivated.",
            code="customer_deactivated",
            param="customer_id",
        )
    return customer


async def find_customer_address(
    session: AsyncSession, principal: Principal, *, customer_id: str, address_id: str
) -> Address:
    """One of this customer's addresses; any other id (another customer's too) is a 404."""
    address = await session.scalar(
        select(Address).where(
            Address.id == address_id,
            Address.customer_id == customer_id,
            Address.account_id == principal.account_id,
            Address.mode == principal.mode,
        )
    )
    if address is None:
        raise NotFound(
            f"Customer '{customer_id}' has no address '{address_id}'.", param="address_id"
        )
    return address
