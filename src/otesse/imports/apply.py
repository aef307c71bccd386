"""Writing a batch of parsed rows through the customers and addresses domains' own rules.

New customers' columns are built by ``customers.service.customer_values`` and their
addresses' by ``addresses.service.address_values`` (the constructions POST uses), then
inserted together: one INSERT per batch instead of one per row. A row that matches an
existing customer is applied with ``customers.service.update_customer`` /
``change_status`` / ``deactivate`` and ``addresses.service.insert_for``, as the API's PATCH,
DELETE and address POST do. Counters are kept by the database's triggers, so they follow the
inserts and updates as for the API.

A row is all or nothing: the batch runs inside a SAVEPOINT, and when the database refuses
any of it (an email taken by a concurrent create, say), the batch is rolled back to it and
written again one row per SAVEPOINT, so only the refused rows fail.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.addresses.service import address_values, insert_for
from otesse.auth.principal import Principal
from otesse.consents import service as consents
from otesse.core import events
from otesse.core.bulk import insert_many
from otesse.core.errors import ApiError, Conflict
from otesse.customers import service as customers
from otesse.customers.changes import record_change, record_created_many, representation_of
from otesse.customers.records import tag_rows
from otesse.customers.schemas import CustomerUpdate, tag_key
from otesse.imports import matching
from otesse.imports.rows import ParsedRow, RowError, address_key
from otesse.invitations.service import queue_invitation
from otesse.models import Address, Customer, CustomerTag
from otesse.models.base import utcnow
from otesse.zones.repository import zone_ids_for_zips

# The disclosure of a consent the company collected before the import (its file's column).
IMPORTED_CONSENT = (
    "Marketing consent imported from the company's previous system (marketing_opt_in)."
)


@dataclass(slots=True)
class Tally:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.created += other.created
        self.updated += other.updated
        self.skipped += other.skipped
        self.failed += other.failed
        self.errors.extend(other.errors)


async def apply_batch(
    session: AsyncSession, principal: Principal, rows: Sequence[ParsedRow]
) -> Tally:
    """Write the rows (the caller commits); every row counted once in the tally."""
    try:
        async with session.begin_nested():
            return await _write(session, principal, rows)
    except (IntegrityError, DBAPIError, ApiError):
        pass
    tally = Tally()
    for row in rows:
        try:
            async with session.begin_nested():
                tally.add(await _write(session, principal, [row]))
        except ApiError as refused:
            tally.failed += 1
            tally.errors.append(
                RowError(row.number, refused.param, None, refused.code, refused.message)
            )
        except (IntegrityError, DBAPIError):
            tally.failed += 1
            tally.errors.append(
                RowError(row.number, None, None, "row_refused", "The database refused the row.")
            )
    return tally


EDITABLE = ("first_name", "last_name", "email", "phone")


def _changes(customer: Customer, row: ParsedRow) -> dict[str, Any]:
    """The PATCH a row amounts to: the fields it gives that differ from the customer's. Its
    external_id is written only to a customer without one (matching.py refuses the rows
    naming another); its tags are the customer's set when given (compared by tag key)."""
    given = row.customer
    changes: dict[str, Any] = {
        name: getattr(given, name)
        for name in EDITABLE
        if getattr(given, name) is not None and getattr(given, name) != getattr(customer, name)
    }
    if given.external_id is not None and customer.external_id is None:
        changes["external_id"] = given.external_id
    if given.tags is not None and {tag_key(tag) for tag in given.tags} != {
        tag_key(tag) for tag in customer.tags
    }:
        changes["tags"] = given.tags
    preferences = given.preferences
    if preferences is not None:
        wanted = preferences.model_dump(include=preferences.model_fields_set)
        differing = {k: v for k, v in wanted.items() if getattr(customer, k) != v}
        if differing:
            changes["preferences"] = differing
    return changes


async def _write(session: AsyncSession, principal: Principal, rows: Sequence[ParsedRow]) -> Tally:
    tally = Tally()
    matches = await matching.load(session, principal, rows)
    addresses = await _addresses_of(session, [c.id for c in matches.by_email.values()])
    fresh: dict[str, tuple[dict[str, Any], ParsedRow]] = {}
    fresh_external_ids: set[str] = set()
    for row in rows:
        key = customers.email_key(row.customer.email)
        external_id = row.customer.external_id
        if key in fresh or external_id in fresh_external_ids:
            # The file's second row for a customer an earlier row creates: that one is
            # written first, then this row updates it (or fails, naming the column).
            await _insert(session, list(fresh.values()))
            fresh.clear()
            fresh_external_ids.clear()
            await matching.load_into(session, principal, [row], matches)
            addresses.update(
                await _addresses_of(
                    session, [c.id for c in matches.by_email.values() if c.id not in addresses]
                )
            )
        customer = await matching.match(session, matches, row)
        if isinstance(customer, RowError):
            tally.failed += 1
            tally.errors.append(customer)
        elif customer is None:
            values = customers.customer_values(
                principal, row.customer, status=row.status or "active", created_at=row.created_at
            )
            fresh[key] = (values, row)
            if external_id is not None:
                fresh_external_ids.add(external_id)
            tally.created += 1
        else:
            if customer.id not in addresses:  # a merged customer's survivor
                addresses.update(await _addresses_of(session, [customer.id]))
            old_key = customer.email_key
            if await _update(session, customer, row, addresses[customer.id]):
                tally.updated += 1
                matches.rekey(customer, old_key)
            else:
                tally.skipped += 1
    await _insert(session, list(fresh.values()))
    return tally


async def _addresses_of(session: AsyncSession, customer_ids: list[str]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {customer_id: [] for customer_id in customer_ids}
    if customer_ids:
        query = select(Address).where(Address.customer_id.in_(customer_ids))
        for address in await session.scalars(query):
            grouped[address.customer_id].append(address)
    return grouped


async def _update(
    session: AsyncSession, customer: Customer, row: ParsedRow, addresses: list[Any]
) -> bool:
    """Apply the row to the customer it matched; False when it changes nothing."""
    changed = False
    changes = _changes(customer, row)
    if changes:
        await customers.update_customer(
            session,
            customer,
            CustomerUpdate.model_validate(changes),
            witness=consents.Witness(request_id=None),
        )
        changed = True
    known = {address_key(address) for address in addresses}
    new = [address for address in row.addresses if address_key(address) not in known]
    if new and customer.status == "deactivated" and row.status in (None, "deactivated"):
        raise _deactivated()
    # Each change writes the event its API call would (PATCH: customer.updated, DELETE:
    # customer.deactivated, POST of an address: customer.address_added).
    if row.status is not None and row.status != customer.status:
        if row.status == "deactivated":
            await customers.deactivate(session, customer)
        else:
            before = await representation_of(session, customer)
            await customers.change_status(session, customer, row.status)
            await record_change(session, customer, "customer.updated", before)
        changed = True
    for address in new:
        before = await representation_of(session, customer)
        addresses.append(await insert_for(session, customer, address))
        await record_change(session, customer, "customer.address_added", before)
        changed = True
    return changed


def _deactivated() -> ApiError:
    return Conflict(
        "The customer is deactivated; its row adds addresses. Set its status to active.",
        code="customer_deactivated",
        param="status",
    )


async def _insert(session: AsyncSession, fresh: list[tuple[dict[str, Any], ParsedRow]]) -> None:
    """The new customers and their addresses, one INSERT statement each (core/bulk.py): the
    columns are the creates' own (customer_values, address_values)."""
    if not fresh:
        return
    account_id, mode = fresh[0][0]["account_id"], fresh[0][0]["mode"]
    zips = {address.zip for _, row in fresh for address in row.addresses}
    zones = await zone_ids_for_zips(session, account_id=account_id, mode=mode, zip_codes=zips)
    # Consent is the ledger's (consents/service.py): an imported opt-in is a new customer's
    # first record, whose source is the import; the ledger derives its columns.
    opted_in = [
        values
        for values, row in fresh
        if row.customer.preferences is not None and row.customer.preferences.marketing_opt_in
    ]
    records = consents.first_marketing_records(
        opted_in,
        channel="email",
        state="granted",
        source="import",
        disclosure=IMPORTED_CONSENT,
        witness=consents.Witness(request_id=None),
    )
    await insert_many(session, Customer, [values for values, _ in fresh])
    await consents.insert_records(session, records)
    tagged = [
        row
        for values, _ in fresh
        for row in tag_rows(
            customer_id=values["id"],
            account_id=account_id,
            mode=mode,
            created_at=values["created_at"],
            tags=values["tags"],
        )
    ]
    await insert_many(session, CustomerTag, tagged)
    now = utcnow()
    new_addresses = [
        address_values(
            account_id,
            mode,
            values["id"],
            address,
            zone_id=zones[address.zip],
            is_default=index == 0,
            # In the row's order: the customer's order is the default, then oldest first.
            created_at=now + timedelta(microseconds=index),
        )
        for values, row in fresh
        for index, address in enumerate(row.addresses)
    ]
    await insert_many(session, Address, new_addresses)
    for values, row in fresh:
        if row.customer.send_invitation:
            customer = await session.get(Customer, values["id"])
            assert customer is not None, "inserted above"
            await queue_invitation(session, customer=customer)
    # The events an API create writes, for the whole batch at once: each customer as GET
    # answers it now, and each consent record (docs/import.md).
    await record_created_many(
        session, account_id=account_id, mode=mode, customer_ids=[v["id"] for v, _ in fresh]
    )
    await events.record_many(
        session,
        account_id=account_id,
        mode=mode,
        changes=[
            events.Change(
                "consent.recorded", record["customer_id"], consents.render_consent(record)
            )
            for record in records
        ],
    )
