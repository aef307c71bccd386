"""The invitation rules: queue one in the caller's transaction, resend, record delivery.

A customer has at most one current invitation: queueing a new one supersedes the older ones
at once (their links stop working), and the customer's ``invitation_status`` /
``invitation_sent_at`` always describe the current one.
"""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.config import Settings, get_settings
from otesse.core import outbox
from otesse.core.errors import Conflict
from otesse.core.ids import new_id
from otesse.core.queries import find_owned, not_found
from otesse.customers.changes import record_change, representation_of
from otesse.invitations import repository
from otesse.invitations.tokens import hash_token
from otesse.mail.message import sender_domain
from otesse.models import Customer, Invitation
from otesse.models.base import utcnow
from otesse.stats.owners import erased_conflict

TOPIC = "invitation"


async def queue_invitation(
    session: AsyncSession, *, customer: Customer, settings: Settings | None = None
) -> Invitation:
    """Queue the invitation email of a (flushed) customer in the caller's transaction.

    Nothing is sent before the caller commits; a rollback leaves no trace. The email itself
    is rendered and sent by the worker (otesse.worker).
    """
    settings = settings or get_settings()
    now = utcnow()
    await repository.supersede_invitations(session, customer_id=customer.id, moment=now)
    invitation = Invitation(
        id=new_id("invt"),
        account_id=customer.account_id,
        mode=customer.mode,
        customer_id=customer.id,
        token_hash=None,
        expires_at=now + timedelta(days=settings.invitation_ttl_days),
        created_at=now,
    )
    session.add(invitation)
    await session.flush()
    await outbox.enqueue(
        session,
        topic=TOPIC,
        # Ids only: the worker reads the name and address at send time, so the outbox
        # holds no personal data.
        payload={"invitation_id": invitation.id, "customer_id": customer.id},
        account_id=customer.account_id,
        mode=customer.mode,
        message_id_domain=sender_domain(settings.mail_from),
    )
    customer.invitation_status = "pending"
    customer.invitation_sent_at = None
    customer.invitation_accepted_at = None
    return invitation


async def resend_invitation(
    session: AsyncSession, *, account_id: str, mode: str, customer_id: str
) -> tuple[Customer, Invitation]:
    """``POST /v1/customers/:id/invitation``: a new invitation replaces the current one."""
    customer = await find_owned(
        session, Customer, account_id=account_id, mode=mode, resource_id=customer_id, lock=True
    )
    if customer is None:
        raise not_found("customer", customer_id, param="id")
    if customer.status == "erased":
        raise erased_conflict(customer_id)
    if customer.status == "deactivated":
        raise Conflict(
            "This customer is deactivated; invitations cannot be sent to it.",
            code="customer_deactivated",
        )
    if customer.invitation_status == "accepted":
        raise Conflict(
            "This customer has accepted its invitation; there is nothing to invite it to.",
            code="invitation_accepted",
        )
    before = await representation_of(session, customer)
    invitation = await queue_invitation(session, customer=customer)
    await record_change(session, customer, "customer.updated", before)
    return customer, invitation


async def invitation_for_token(
    session: AsyncSession, token: str, *, now: datetime | None = None
) -> Invitation | None:
    """The invitation a link's token opens: current (not superseded) and not expired."""
    invitation = await repository.find_by_token_hash(session, hash_token(token))
    if invitation is None or invitation.superseded_at is not None:
        return None
    return invitation if invitation.expires_at > (now or utcnow()) else None


async def record_outcome(session: AsyncSession, *, invitation_id: str, status: str) -> None:
    """Show ``status`` (pending, sent or failed) on the customer if this invitation is still
    the current one; an outcome of a superseded invitation changes nothing."""
    invitation = await repository.get_invitation(session, invitation_id)
    if invitation is None:
        return
    # Lock the customer, then re-read the invitation (as delivery does): a resend that
    # superseded it meanwhile has committed by the time the lock is ours.
    customer = await repository.lock_customer(session, invitation.customer_id)
    await session.refresh(invitation)
    if customer is None or invitation.superseded_at is not None:
        return
    if invitation.accepted_at is not None:
        # Accepted between the hash being written and the mail server's answer: it stays so.
        return
    before = await representation_of(session, customer)
    customer.invitation_status = status
    customer.invitation_sent_at = utcnow() if status == "sent" else None
    # invitation.sent | invitation.failed; an operator's retry puts it back to pending.
    kind = f"invitation.{status}" if status in ("sent", "failed") else "customer.updated"
    await record_change(session, customer, kind, before)
