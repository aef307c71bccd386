"""Queueing invitations. The invitation issue owns this module and its worker."""

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Customer


async def queue_invitation(session: AsyncSession, *, customer: Customer) -> None:
    """Queue the invitation email of a customer in the caller's transaction.

    Only marks the invitation pending for now: the outbox row, the token and the worker that
    sends it arrive with the invitation issue, which replaces this body.
    """
    customer.invitation_status = "pending"
