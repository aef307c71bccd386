"""The rules of addresses: exactly one default whenever a customer has any, a zone for each,
and none added to or changed on a deactivated customer. Never commits."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.addresses import repository
from otesse.addresses.schemas import AddressCreate, AddressUpdate
from otesse.addresses.serialization import address_json
from otesse.auth.principal import Principal
from otesse.core.errors import Conflict
from otesse.core.ids import new_id
from otesse.core.queries import not_found
from otesse.core.sealing import seal
from otesse.customers.changes import record_change, representation_of
from otesse.models import Address, Customer
from otesse.models.base import utcnow
from otesse.stats import owners
from otesse.zones.repository import zone_id_for_zip


async def _locked_customer(
    session: AsyncSession, principal: Principal, customer_id: str
) -> Customer:
    return await owners.find_customer(session, principal, customer_id, param="id", for_update=True)


def _refuse_if_deactivated(customer: Customer) -> None:
    if customer.status == "deactivated":
        raise Conflict(
            "The customer is deactivated; set it active again before changing its addresses.",
            code="customer_deactivated",
        )


async def _zone_for(session: AsyncSession, customer: Customer, zip_code: str) -> str | None:
    return await zone_id_for_zip(
        session, account_id=customer.account_id, mode=customer.mode, zip_code=zip_code
    )


def new_address(
    customer: Customer,
    payload: AddressCreate,
    *,
    zone_id: str | None,
    is_default: bool,
) -> Address:
    """The row an address create writes, not yet added."""
    return Address(
        **address_values(
            customer.account_id,
            customer.mode,
            customer.id,
            payload,
            zone_id=zone_id,
            is_default=is_default,
        )
    )


def address_values(
    account_id: str,
    mode: str,
    customer_id: str,
    payload: AddressCreate,
    *,
    zone_id: str | None,
    is_default: bool,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """Every column of a new address, shared by insert_for and the bulk import, which looks
    the zones up for a whole batch (zones.repository.zone_ids_for_zips)."""
    now = utcnow()
    address_id = new_id("addr")
    return {
        "id": address_id,
        "account_id": account_id,
        "mode": mode,
        "customer_id": customer_id,
        "label": payload.label,
        "street": payload.street,
        "city": payload.city,
        "state": payload.state,
        "zip": payload.zip,
        # Sealed at rest, bound to this address (docs/privacy.md).
        "access_notes": seal(payload.access_notes, address_id),
        "is_default": is_default,
        "zone_id": zone_id,
        "created_at": created_at or now,
        "updated_at": now,
    }


async def insert_for(
    session: AsyncSession, customer: Customer, payload: AddressCreate, *, new_customer: bool = False
) -> Address:
    """Add an address to a customer whose row the caller holds locked (or just inserted:
    ``new_customer`` spares asking whether it has addresses already)."""
    # The ZIP lock before any address row lock: a zone change takes them in that order too.
    zone_id = await _zone_for(session, customer, payload.zip)
    first = new_customer or not await repository.has_addresses(session, customer_id=customer.id)
    make_default = first or payload.is_default
    if make_default and not first:
        await repository.clear_default(session, customer_id=customer.id)
    address = new_address(customer, payload, zone_id=zone_id, is_default=make_default)
    await repository.insert_address(session, address)
    return address


async def add_address(
    session: AsyncSession, principal: Principal, customer_id: str, payload: AddressCreate
) -> dict[str, Any]:
    customer = await _locked_customer(session, principal, customer_id)
    _refuse_if_deactivated(customer)
    before = await representation_of(session, customer)
    address = await insert_for(session, customer, payload)
    await record_change(session, customer, "customer.address_added", before)
    return address_json(repository.address_row(address))


async def list_addresses(
    session: AsyncSession, principal: Principal, customer_id: str, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    await owners.find_customer(session, principal, customer_id)
    addresses, total = await repository.page_of_addresses(
        session, customer_id=customer_id, offset=offset, limit=limit
    )
    return [address_json(repository.address_row(address)) for address in addresses], total


async def get_address(
    session: AsyncSession, principal: Principal, customer_id: str, address_id: str
) -> dict[str, Any]:
    await owners.find_customer(session, principal, customer_id)
    address = await owners.find_customer_address(
        session, principal, customer_id=customer_id, address_id=address_id
    )
    return address_json(repository.address_row(address))


async def _address_of(session: AsyncSession, customer: Customer, address_id: str) -> Address:
    address = await repository.get_address(session, customer_id=customer.id, address_id=address_id)
    if address is None:
        raise not_found("address", address_id, param="address_id")
    return address


async def update_address(
    session: AsyncSession,
    principal: Principal,
    customer_id: str,
    address_id: str,
    payload: AddressUpdate,
) -> dict[str, Any]:
    customer = await _locked_customer(session, principal, customer_id)
    address = await _address_of(session, customer, address_id)
    _refuse_if_deactivated(customer)
    before = await representation_of(session, customer)
    changes = payload.model_dump(
        include=payload.model_fields_set - {"is_default"}, exclude_unset=True
    )
    if "zip" in changes:
        # Look the zone up (taking the ZIP lock) before the row is written: see insert_for.
        changes["zone_id"] = await _zone_for(session, customer, changes["zip"])
    if "access_notes" in changes:
        changes["access_notes"] = seal(changes["access_notes"], address.id)
    for field, value in changes.items():
        setattr(address, field, value)
    if payload.is_default is False and address.is_default:
        raise Conflict(
            "A customer with addresses always has a default one: make another address the "
            "default instead.",
            code="default_address_required",
            param="is_default",
        )
    if payload.is_default and not address.is_default:
        await repository.clear_default(session, customer_id=customer.id)
        address.is_default = True
    address.updated_at = utcnow()
    await repository.save_address(session, address)
    await record_change(session, customer, "customer.address_updated", before)
    return address_json(repository.address_row(address))


async def remove_address(
    session: AsyncSession, principal: Principal, customer_id: str, address_id: str
) -> dict[str, Any]:
    customer = await _locked_customer(session, principal, customer_id)
    address = await _address_of(session, customer, address_id)
    before = await representation_of(session, customer)
    was_default = address.is_default
    if not await repository.delete_address(session, address):
        raise Conflict("Bookings or subscriptions still use this address.", code="address_in_use")
    if was_default:
        await repository.promote_oldest(session, customer_id=customer.id)
    await record_change(session, customer, "customer.address_removed", before)
    return {"id": address_id, "deleted": True}
