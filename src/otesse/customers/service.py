"""The rules of customers. Never commits: the route commits once per request.

Every change of a customer goes through one function here (create, update, change_status,
deactivate), so counters and events can hook in at one place.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.addresses.service import insert_for
from otesse.auth.principal import Principal
from otesse.bookings.service import cancel_future_bookings
from otesse.consents.service import Witness, set_marketing_opt_in
from otesse.core import events
from otesse.core.errors import NotFound
from otesse.core.ids import new_id
from otesse.core.pagination import PageRequest
from otesse.core.queries import not_found
from otesse.customers import repository
from otesse.customers.changes import record_change, representation_of
from otesse.customers.filters import CustomerFilters
from otesse.customers.reads import reads_for
from otesse.customers.records import merged_metadata, retagged, write_tags
from otesse.customers.representation import (
    ADDRESS_COLUMNS,
    CUSTOMER_COLUMNS,
    render_customer,
)
from otesse.customers.schemas import CustomerCreate, CustomerUpdate
from otesse.customers.search import email_local_key, search_text
from otesse.invitations.service import queue_invitation
from otesse.models import Customer
from otesse.models.base import utcnow
from otesse.stats.owners import find_customer
from otesse.subscriptions.service import cancel_active_subscriptions


def _not_found(customer_id: str) -> NotFound:
    return not_found("customer", customer_id, param="id")


async def list_customers(
    session: AsyncSession, filters: CustomerFilters, page: PageRequest
) -> tuple[bytes, int]:
    """The page's customers as one encoded JSON array, and the exact total."""
    return await reads_for(session).page(session, filters, page)


async def get_customer(session: AsyncSession, principal: Principal, customer_id: str) -> bytes:
    """The customer's JSON, the same bytes (and ETag) on both databases."""
    document = await customer_representation(
        session, account_id=principal.account_id, mode=principal.mode, customer_id=customer_id
    )
    if document is None:
        raise _not_found(customer_id)
    return document


async def get_customers(
    session: AsyncSession, principal: Principal, customer_ids: list[str]
) -> dict[str, bytes]:
    """Several customers' JSON by id, as GET answers each, in one read (ids of no customer
    of the tenant are left out)."""
    return await reads_for(session).several(
        session, account_id=principal.account_id, mode=principal.mode, customer_ids=customer_ids
    )


async def customer_representation(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> bytes | None:
    """The customer exactly as GET answers it, read in this session: inside a writing
    transaction it shows that transaction's changes (what an event of the change carries)."""
    reads = reads_for(session)
    return await reads.one(session, account_id=account_id, mode=mode, customer_id=customer_id)


def new_customer(
    principal: Principal,
    payload: CustomerCreate,
    *,
    status: str = "active",
    created_at: datetime | None = None,
) -> Customer:
    """The row a create writes, not yet added to the session."""
    return Customer(**customer_values(principal, payload, status=status, created_at=created_at))


def customer_values(
    principal: Principal,
    payload: CustomerCreate,
    *,
    status: str = "active",
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """Every column of a new customer: the one construction of a create (search text,
    defaults), shared by POST and the bulk import, which inserts these values a batch at a
    time (imports/apply.py)."""
    now = utcnow()
    preferences = payload.preferences
    return {
        "id": new_id("cust"),
        "account_id": principal.account_id,
        "mode": principal.mode,
        "first_name": payload.first_name,
        "last_name": payload.last_name,
        "email": payload.email,
        "email_key": email_key(payload.email),
        "email_local_key": email_local_key(payload.email),
        "phone": payload.phone,
        "status": status,
        "preferred_contact": (preferences and preferences.preferred_contact) or "email",
        # Written by the consent ledger after the insert (consents/service.py), never directly.
        "marketing_opt_in": False,
        "marketing_email": False,
        "marketing_sms": False,
        "marketing_phone": False,
        "search_text": search_text(
            payload.first_name, payload.last_name, payload.email, payload.phone
        ),
        "total_bookings": 0,
        "total_spent": 0,
        "last_booking_at": None,
        "active_subscriptions": 0,
        "active_subscription": False,
        "send_invitation": payload.send_invitation,
        "invitation_status": None,
        "invitation_sent_at": None,
        "invitation_accepted_at": None,
        "external_id": payload.external_id,
        "metadata_map": merged_metadata({}, payload.metadata or {}),
        "tags": payload.tags or [],
        "merged_into": None,
        "created_at": created_at or now,
        "updated_at": now,
    }


def email_key(email: str) -> str:
    """What the unique email index compares (models/customers.py)."""
    return email.casefold()


async def create_customer(
    session: AsyncSession, principal: Principal, payload: CustomerCreate, *, witness: Witness
) -> dict[str, Any]:
    preferences = payload.preferences
    customer = new_customer(principal, payload)
    await repository.insert_customer(session, customer)
    if preferences and preferences.marketing_opt_in:
        await set_marketing_opt_in(session, customer, True, witness=witness)
    if customer.tags:
        await write_tags(session, customer, customer.tags)
    addresses = []
    if payload.address is not None:
        addresses.append(await insert_for(session, customer, payload.address, new_customer=True))
    if payload.send_invitation:
        await queue_invitation(session, customer=customer)
        await session.flush()
    # Rendered from the objects just written (every column is set by then): no read back.
    rendered = render_customer(
        repository.columns_of(customer, CUSTOMER_COLUMNS),
        [repository.columns_of(address, ADDRESS_COLUMNS) for address in addresses],
    )
    await events.record(
        session,
        account_id=customer.account_id,
        mode=customer.mode,
        type="customer.created",
        customer_id=customer.id,
        resource=rendered,
    )
    return rendered


async def locked_customer(
    session: AsyncSession, principal: Principal, customer_id: str
) -> Customer:
    return await find_customer(session, principal, customer_id, param="id", for_update=True)


WITH_RULES = frozenset({"status", "preferences", "metadata", "tags"})


async def update_customer(
    session: AsyncSession, customer: Customer, payload: CustomerUpdate, *, witness: Witness
) -> None:
    """Apply a PATCH to a locked customer: only the fields sent; preferences field by field.

    Writes ``customer.updated``."""
    before = await representation_of(session, customer)
    # Every field sent is a column written as given, but the two with rules of their own
    # (read-only fields never get here: the body refuses them).
    values = payload.model_dump(include=payload.model_fields_set - WITH_RULES)
    opt_in = None
    if payload.preferences is not None:
        values.update(payload.preferences.model_dump(include=payload.preferences.model_fields_set))
        # Consent is the ledger's: the PATCH appends a record rather than writing the column.
        opt_in = values.pop("marketing_opt_in", None)
    if payload.metadata is not None:
        values["metadata_map"] = merged_metadata(customer.metadata_map, payload.metadata)
    if payload.tags is not None:
        await write_tags(session, customer, retagged(customer.tags, payload.tags))
        values["tags"] = customer.tags
    if values:
        await write_fields(session, customer, values)
    if opt_in is not None:
        await set_marketing_opt_in(session, customer, opt_in, witness=witness)
    if payload.status is not None:
        await change_status(session, customer, payload.status)
    # (PATCH never deactivates: DELETE does, and writes customer.deactivated.)
    await record_change(session, customer, "customer.updated", before)


async def write_fields(
    session: AsyncSession, customer: Customer, values: dict[str, Any], *, searchable: bool = True
) -> None:
    """Write fields of a locked customer with what derives from them (email key, search
    text); an erased customer is not ``searchable``: its search text is empty."""
    current = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone": customer.phone,
    }
    merged = {**current, **values}
    values["email_key"] = email_key(merged["email"])
    values["email_local_key"] = email_local_key(merged["email"]) if searchable else None
    values["search_text"] = (
        search_text(merged["first_name"], merged["last_name"], merged["email"], merged["phone"])
        if searchable
        else ""
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
    before = await representation_of(session, customer)
    await change_status(session, customer, "deactivated")
    await cancel_future_bookings(session, customer)
    await cancel_active_subscriptions(session, customer)
    await record_change(session, customer, "customer.deactivated", before)
