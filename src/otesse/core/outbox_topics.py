"""The outbox's topics, registered by the domains that send them.

A domain that sends a kind of message registers its topic once, in its own ``delivery``
module: the sender the worker hands its messages to, and what a manual retry resets
(``otesse outbox retry``). The worker and the CLI load every ``otesse.<domain>.delivery``
module (:func:`discover`), so a new kind of email is a new domain module, not an edit of
the worker. Core imports no domain: the modules are found by name.
"""

import importlib
import importlib.util
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.outbox import OutboxEntry

# (database, settings, transport) -> the topic's sender (worker.Sender).
SenderFactory = Callable[..., Any]
Requeued = Callable[[AsyncSession, OutboxEntry], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    sender: SenderFactory
    on_requeue: Requeued | None = None  # in the retry's transaction


TOPICS: dict[str, Topic] = {}
DELIVERY_MODULE = "delivery"


def register(name: str, *, sender: SenderFactory, on_requeue: Requeued | None = None) -> None:
    known = TOPICS.get(name)
    assert known is None or known.sender is sender, f"topic {name!r} registered twice"
    TOPICS[name] = Topic(name, sender, on_requeue)


def discover() -> dict[str, Topic]:
    """Every registered topic, after importing each domain's delivery module."""
    package = importlib.import_module("otesse")
    for found in pkgutil.iter_modules(package.__path__):
        if not found.ispkg:
            continue
        name = f"otesse.{found.name}.{DELIVERY_MODULE}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return TOPICS
