"""The customer's side of an invitation: what its link opens, and accepting it.

A link opens its invitation while that invitation is the customer's current one, unexpired,
unaccepted, and the customer is not deactivated. Accepting is one transaction: the
invitation and the customer's ``invitation`` show ``accepted``, the preferred contact is
set, and the consent ledger gets one record per choice the page offered, each with the words
it was offered in (disclosures.py).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.consents.service import Witness, record
from otesse.customers.changes import record_change, representation_of
from otesse.invitations import repository
from otesse.invitations.disclosures import Disclosures, disclosures_for
from otesse.invitations.tokens import hash_token
from otesse.models import Customer, Invitation
from otesse.models.base import utcnow

# What tokens.derive_token writes: 32 bytes, URL-safe base64 without padding.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class Link(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"  # used already: the page says so and changes nothing
    EXPIRED = "expired"  # 410
    GONE = "gone"  # the customer is deactivated or merged: 410
    UNKNOWN = "unknown"  # forged, garbled or replaced by a newer invitation: 404


@dataclass(frozen=True, slots=True)
class Opened:
    link: Link
    invitation: Invitation | None = None
    customer: Customer | None = None
    company: str = ""

    @property
    def disclosures(self) -> Disclosures:
        assert self.customer is not None
        phone = self.customer.phone
        return disclosures_for(self.company, phone[-2:] if phone else None)


@dataclass(frozen=True, slots=True)
class Choice:
    preferred_contact: str
    marketing_email: bool
    marketing_sms: bool


async def open_link(session: AsyncSession, token: str, *, lock: bool = False) -> Opened:
    """What the link's token opens; ``lock`` takes the customer's row lock (to accept)."""
    if not TOKEN.fullmatch(token):
        return Opened(Link.UNKNOWN)
    invitation = await repository.find_by_token_hash(session, hash_token(token))
    if invitation is None:
        return Opened(Link.UNKNOWN)
    if lock:
        # Customer first, then the invitation re-read (the order resend and delivery use).
        customer = await repository.lock_customer(session, invitation.customer_id)
        await session.refresh(invitation)
    else:
        customer = await session.get(Customer, invitation.customer_id)
    if customer is None or invitation.superseded_at is not None:
        return Opened(Link.UNKNOWN)
    if customer.status in ("deactivated", "merged"):
        # A merge supersedes the source's invitations too; this holds if one outlived it.
        return Opened(Link.GONE)
    company = await repository.company_name(session, customer.account_id)
    if invitation.accepted_at is not None:
        return Opened(Link.ACCEPTED, invitation, customer, company)
    if invitation.expires_at <= utcnow():
        return Opened(Link.EXPIRED)
    return Opened(Link.OPEN, invitation, customer, company)


def contact_choices(customer: Customer) -> tuple[str, ...]:
    """The ways the page offers: text and call need a phone number."""
    return ("email", "sms", "phone") if customer.phone else ("email",)


async def accept(
    session: AsyncSession, opened: Opened, choice: Choice, *, witness: Witness
) -> None:
    """Accept an OPEN invitation (opened with ``lock=True``), in the caller's transaction."""
    invitation, customer = opened.invitation, opened.customer
    assert opened.link is Link.OPEN and invitation is not None and customer is not None
    words = opened.disclosures
    before = await representation_of(session, customer)
    now = utcnow()
    invitation.accepted_at = now
    customer.invitation_status = "accepted"
    customer.invitation_accepted_at = now
    customer.preferred_contact = choice.preferred_contact
    customer.updated_at = now

    async def page_record(channel: str, purpose: str, state: str, disclosure: str) -> None:
        await record(
            session,
            customer,
            channel=channel,
            purpose=purpose,
            state=state,
            source="invitation_page",
            disclosure=disclosure,
            witness=witness,
        )

    await page_record(choice.preferred_contact, "transactional", "granted", words.contact)
    # Each box the page showed is recorded, ticked or not: an unticked box is the customer
    # declining, in those words, at that moment.
    email = "granted" if choice.marketing_email else "revoked"
    await page_record("email", "marketing", email, words.marketing_email)
    if words.marketing_sms is not None:
        sms = "granted" if choice.marketing_sms else "revoked"
        await page_record("sms", "marketing", sms, words.marketing_sms)
    await record_change(session, customer, "invitation.accepted", before)
