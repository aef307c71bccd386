"""Sending one queued invitation: the worker's handler for the ``invitation`` topic."""

from email.errors import MessageError
from email.message import EmailMessage

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.config import Settings
from otesse.core import outbox_topics
from otesse.core.db import Database
from otesse.core.outbox import OutboxEntry, PermanentFailure, TransientFailure
from otesse.invitations import repository, service
from otesse.invitations.tokens import derive_token, hash_token, load_secret
from otesse.mail.message import compose
from otesse.mail.transport import Transport
from otesse.models.base import utcnow


class InvitationSender:
    topic = service.TOPIC

    def __init__(self, database: Database, settings: Settings, transport: Transport) -> None:
        self.database = database
        self.settings = settings
        self.transport = transport
        self.secret = load_secret(settings)

    async def deliver(self, entry: OutboxEntry) -> bool:
        """Send the invitation; False when it needs no sending (superseded, or the customer
        deactivated): the worker then marks the message cancelled."""
        message = await self._prepare(entry)
        if message is None:
            return False
        await self.transport.send(message)
        return True

    async def _prepare(self, entry: OutboxEntry) -> EmailMessage | None:
        # Its own short transaction, committed before the SMTP conversation: the token's hash
        # is in place before the link can reach anyone, and no lock is held while sending.
        async with self.database.transaction() as session:
            invitation = await repository.get_invitation(session, entry.payload["invitation_id"])
            if invitation is None:
                raise PermanentFailure("the invitation no longer exists")
            # Lock the customer, then re-read the invitation: a resend that superseded it
            # meanwhile (it locks the customer too) is visible by then.
            customer = await repository.lock_customer(session, invitation.customer_id)
            await session.refresh(invitation)
            # Nothing to send, and nothing failed: a newer invitation replaced this one, or
            # the customer was deactivated before it went out (the message ends cancelled).
            if invitation.superseded_at is not None:
                return None
            if customer is None or customer.status == "deactivated":
                return None
            if invitation.expires_at <= utcnow():
                raise PermanentFailure("the invitation expired before it could be sent")
            token = derive_token(self.secret, invitation.id)
            if invitation.token_hash is None:
                invitation.token_hash = hash_token(token)
            elif invitation.token_hash != hash_token(token):
                # Another worker derived it with another key: this one must not send a
                # link that does not work. One with the right key will take it.
                raise TransientFailure("OTESSE_SECRET_KEY differs between workers")
            try:
                return compose(
                    template="invitation",
                    context={
                        "first_name": customer.first_name,
                        "link": f"{self.settings.public_url.rstrip('/')}/invitations/{token}",
                        "expires_on": f"{invitation.expires_at:%B} {invitation.expires_at.day},"
                        f" {invitation.expires_at.year}",
                    },
                    mail_from=self.settings.mail_from,
                    to_name=f"{customer.first_name} {customer.last_name}",
                    to_address=customer.email,
                    message_id=entry.message_id,
                    date=entry.created_at,
                )
            except (ValueError, MessageError) as error:
                raise PermanentFailure(
                    f"the message cannot be built: {type(error).__name__}"
                ) from None

    async def on_sent(self, session: AsyncSession, entry: OutboxEntry) -> None:
        await service.record_outcome(
            session, invitation_id=entry.payload["invitation_id"], status="sent"
        )

    async def on_failed(self, session: AsyncSession, entry: OutboxEntry) -> None:
        await service.record_outcome(
            session, invitation_id=entry.payload["invitation_id"], status="failed"
        )


async def _requeued(session: AsyncSession, entry: OutboxEntry) -> None:
    """A manual retry: the invitation is pending again."""
    await service.record_outcome(
        session, invitation_id=entry.payload["invitation_id"], status="pending"
    )


outbox_topics.register(service.TOPIC, sender=InvitationSender, on_requeue=_requeued)
