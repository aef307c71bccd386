"""Kinds of messages are registered by their domains (core/outbox_topics.py): the worker
finds the invitation's sender without naming it."""

from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.outbox_topics import discover
from otesse.invitations.delivery import InvitationSender
from otesse.mail.transport import transport_from_url
from otesse.worker import Worker


def test_every_domain_delivery_module_registers_its_topic() -> None:
    topics = discover()
    assert topics["invitation"].sender is InvitationSender
    assert topics["invitation"].on_requeue is not None


async def test_the_worker_hands_each_topic_to_its_registered_sender(
    database: Database, settings: Settings
) -> None:
    worker = Worker(database, settings, transport=transport_from_url(settings.mail_url))
    assert set(worker.senders) == set(discover())
    assert isinstance(worker.senders["invitation"], InvitationSender)
