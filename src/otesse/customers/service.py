"""The rules of customers. Never commits: the route commits once per request.

Every change of a customer goes through one function here (create, update, change_status,
deactivate), so counters and events can hook in at one place.
"""

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.addresses.service import insert_for
from otesse.auth.principal import Principal
from otesse.bookings.repository import cancel_future_bookings
from otesse.core.db import driver_connection
from otesse.core.errors import NotFound
from otesse.core.ids import new_id
from otesse.core.pagination import PageRequest
from otesse.customers import documents, repository
from otesse.customers.anchors import ANCHORS, Anchor, anchored
from otesse.customers.filters import CustomerFilters
from otesse.customers.list_statement import list_statement
from otesse.customers.representation import (
    ADDRESS_COLUMNS,
    CUSTOMER_COLUMNS,
    render_customer,
)
from otesse.customers.schemas import CustomerCreate, CustomerUpdate
from otesse.customers.search import search_text
from otesse.invitations.service import queue_invitation
from otesse.models import Customer
from otesse.models.base import utcnow
from otesse.subscriptions.repository import cancel_active_subscriptions


def _not_found(customer_id: str) -> NotFound:
    return NotFound(f"No such customer: {customer_id}.", param="id")


async def list_customers(
    session: AsyncSession, filters: CustomerFilters, page: PageRequest
) -> tuple[bytes, int]:
    """The page's customers as one encoded JSON array, and the exact total."""
    if session.get_bind().dialect.name == "postgresql":
        return await _page_on_postgresql(session, filters, page)
    rows = await repository.list_customer_rows(session, filters, page)
    total = await repository.count_customers(session, filters)
    addresses = await repository.addresses_by_customer(session, [row["id"] for row in rows])
    customers = [render_customer(row, addresses.get(row["id"], [])) for row in rows]
    return orjson.dumps(customers), total


async def _page_on_postgresql(
    session: AsyncSession, filters: CustomerFilters, page: PageRequest
) -> tuple[bytes, int]:
    """The page's JSON built by PostgreSQL and the exact total, in one round trip
    (list_statement.py); deep pages start from a remembered key when it holds (anchors.py)."""
    anchor = ANCHORS.nearest(filters, page.offset) if anchored(filters) else None
    connection: Any = await driver_connection(session)
    row = await connection.fetchrow(list_statement(filters, page, anchor))
    page_json, total, kept, changes, first_created_at, first_id = row
    if not kept:
        await repository.note_count(session, filters, total)
    if first_id is not None:
        ANCHORS.remember(filters, Anchor(page.offset, first_created_at, first_id, changes))
    return page_json.encode(), total


async def get_customer(session: AsyncSession, principal: Principal, customer_id: str) -> bytes:
    """The customer's JSON: PostgreSQL writes it (documents.py) in the bytes orjson writes for
    the SQLite path, so both answer the same bytes and the same ETag."""
    where = {"account_id": principal.account_id, "mode": principal.mode}
    if session.get_bind().dialect.name == "postgresql":
        document = await documents.customer_document(session, **where, customer_id=customer_id)
        if document is None:
            raise _not_found(customer_id)
        return document
    row = await repository.get_customer_row(session, **where, customer_id=customer_id)
    if row is None:
        raise _not_found(customer_id)
    addresses = await repository.addresses_by_customer(session, [customer_id])
    return orjson.dumps(render_customer(row, addresses.get(customer_id, [])))


async def create_customer(
    session: AsyncSession, principal: Principal, payload: CustomerCreate
) -> dict[str, Any]:
    now = utcnow()
    preferences = payload.preferences
    customer = Customer(
        id=new_id("cust"),
        account_id=principal.account_id,
        mode=principal.mode,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        email_key=payload.email.casefold(),
        phone=payload.phone,
        status="active",
        preferred_contact=(preferences and preferences.preferred_contact) or "email",
        marketing_opt_in=bool(preferences and preferences.marketing_opt_in),
        search_text=search_text(
            payload.first_name, payload.last_name, payload.email, payload.phone
        ),
        send_invitation=payload.send_invitation,
        created_at=now,
        updated_at=now,
    )
    await repository.insert_customer(session, customer)
    addresses = []
    if payload.address is not None:
        addresses.append(await insert_for(session, customer, payload.address, new_customer=True))
    if payload.send_invitation:
        await queue_invitation(session, customer=customer)
        await session.flush()
    # Rendered from the objects just written (every column is set by then): no read back.
    return render_customer(
        repository.columns_of(customer, CUSTOMER_COLUMNS),
        [repository.columns_of(address, ADDRESS_COLUMNS) for address in addresses],
    )


async def locked_customer(
    session: AsyncSession, principal: Principal, customer_id: str
) -> Customer:
    customer = await repository.lock_customer(
        session, account_id=principal.account_id, mode=principal.mode, customer_id=customer_id
    )
    if customer is None:
        raise _not_found(customer_id)
    return customer


async def update_customer(
    session: AsyncSession, customer: Customer, payload: CustomerUpdate
) -> None:
    """Apply a PATCH to a locked customer: only the fields sent; preferences field by field."""
    values = payload.model_dump(
        include={"first_name", "last_name", "email", "phone"} & payload.model_fields_set
    )
    if payload.preferences is not None:
        values.update(payload.preferences.model_dump(include=payload.preferences.model_fields_set))
    if values:
        await _write_fields(session, customer, values)
    if payload.status is not None:
        await change_status(session, customer, payload.status)


async def _write_fields(session: AsyncSession, customer: Customer, values: dict[str, Any]) -> None:
    current = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone": customer.phone,
    }
    merged = {**current, **values}
    values["email_key"] = merged["email"].casefold()
    values["search_text"] = search_text(
        merged["first_name"], merged["last_name"], merged["email"], merged["phone"]
    )
    values["updated_at"] = utcnow()
    await repository.update_customer(session, customer, values)


async def change_status(session: AsyncSession, customer: Customer, status: str) -> None:
    """The one place a customer's status moves (counters per status hook in here)."""
    if customer.status == status:
        return
    customer.status = status
    customer.updated_at = utcnow()
    await session.flush()


async def deactivate(session: AsyncSession, customer: Customer) -> None:
    """DELETE: the record is kept, deactivated; its future bookings and active subscriptions
    are cancelled in the same transaction."""
    if customer.status == "deactivated":
        return
    await change_status(session, customer, "deactivated")
    await cancel_future_bookings(session, customer_id=customer.id)
    await cancel_active_subscriptions(session, customer_id=customer.id)
