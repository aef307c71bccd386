"""Erasure on request (Oregon Consumer Privacy Act; docs/privacy.md). Never commits.

In the request's one transaction: what identifies or reaches the person is replaced or
cleared, what a business must keep for tax (invoices, their lines, booking dates and prices)
stays, tied to the erased record; future work is cancelled through the same functions as a
deactivation, so the stats stay exact. Erasing an erased customer changes nothing.
"""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.bookings.service import cancel_future_bookings
from otesse.consents import repository as consents
from otesse.core import events, outbox
from otesse.core.errors import Conflict
from otesse.customers import service as customers
from otesse.customers.changes import representation_of
from otesse.customers.records import write_tags
from otesse.invitations.repository import supersede_invitations
from otesse.models import Address, Booking
from otesse.models.base import utcnow
from otesse.stats.owners import find_customer
from otesse.subscriptions.service import cancel_active_subscriptions

ERASED_FIRST_NAME = "Erased"
ERASED_LAST_NAME = "Customer"
ERASED_STREET = "erased"
# .invalid can never be delivered to (RFC 2606) and the API refuses it as input, so the
# placeholder is unique (the id), frees the person's address, and no one else can hold it.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def erased_email(customer_id: str) -> str:
    return f"{customer_id.lower()}@{ERASED_EMAIL_DOMAIN}"


async def erase_customer(
    session: AsyncSession, principal: Principal, customer_id: str, *, confirm: str
) -> None:
    customer = await find_customer(
        session, principal, customer_id, param="id", for_update=True, for_erasure=True
    )
    if confirm != customer_id:
        # 409, not 400: the body is well formed, it names another record than the path.
        raise Conflict(
            "confirm must be the customer's id: erasure cannot be undone.",
            code="confirmation_mismatch",
            param="confirm",
        )
    if customer.status == "erased":
        return
    now = utcnow()
    # As a deactivation does, with their events (redacted below with the rest).
    await cancel_future_bookings(session, customer)
    await cancel_active_subscriptions(session, customer)
    await session.execute(
        update(Booking)
        .where(Booking.customer_id == customer.id, Booking.notes.is_not(None))
        .values(notes=None, updated_at=now)
    )
    await session.execute(
        update(Address)
        .where(Address.customer_id == customer.id)
        .values(label=None, street=ERASED_STREET, access_notes=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await supersede_invitations(session, customer_id=customer.id, moment=now)
    await outbox.cancel_about(
        session,
        account_id=customer.account_id,
        mode=customer.mode,
        key="customer_id",
        value=customer.id,
        reason="customer erased",
    )
    # The ledger's records hold the person's address (IP), browser and words; the one
    # deletion its triggers allow. The consent columns derive from it: none is left.
    await consents.erase(session, customer.id)
    await write_tags(session, customer, [])
    await session.refresh(customer)  # the subscription stat just written
    await customers.write_fields(
        session,
        customer,
        {
            "first_name": ERASED_FIRST_NAME,
            "last_name": ERASED_LAST_NAME,
            "email": erased_email(customer.id),
            "phone": None,
            "marketing_opt_in": False,
            "marketing_email": False,
            "marketing_sms": False,
            "marketing_phone": False,
            # Free text the integrator wrote about the person; its own id (external_id)
            # stays, so its systems can match the erasure.
            "metadata_map": {},
            "tags": [],
        },
        searchable=False,
    )
    await customers.change_status(session, customer, "erased")
    customer.erased_at = now
    await session.flush()
    # Past events carried the person as they were; the erasure's own carries no previous
    # values (they are what was erased).
    await events.redact_customer(
        session, account_id=customer.account_id, mode=customer.mode, customer_id=customer.id
    )
    await events.record(
        session,
        account_id=customer.account_id,
        mode=customer.mode,
        type="customer.erased",
        customer_id=customer.id,
        resource=await representation_of(session, customer),
    )
