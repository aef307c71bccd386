"""A slow SMTP server for the scale drill: every message takes ``delay`` seconds to accept, so
a worker always has deliveries in flight when one is killed.

A message counts as delivered only when its 250 reply was sent: a sender that died while
waiting (its connection gone) delivered nothing, as with a real server.
"""

import asyncio
import email
import email.policy
import logging
import threading
from collections import Counter, defaultdict
from typing import Any

from aiosmtpd.controller import Controller

# aiosmtpd logs every envelope (addresses) at INFO: not for the drill's output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class SlowSink:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.delivered: dict[str, Counter[str]] = defaultdict(Counter)  # to -> Message-IDs
        self.in_flight = 0
        self.unanswered: set[str] = set()  # recipients of messages held before the reply
        self.dropped = 0  # senders gone before the reply

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        recipients = [recipient.lower() for recipient in envelope.rcpt_tos]
        with self.lock:
            self.in_flight += 1
            self.unanswered.update(recipients)
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            # aiosmtpd cancels the handler when the sender's end closes: nothing delivered.
            with self.lock:
                self.dropped += 1
            raise
        finally:
            with self.lock:
                self.in_flight -= 1
                self.unanswered.difference_update(recipients)
        if _gone(server):
            with self.lock:
                self.dropped += 1
            return "451 4.3.0 sender gone"
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.delivered[recipient.lower()][str(message["Message-ID"])] += 1
        return "250 Message accepted"


def _gone(server: Any) -> bool:
    """The sender closed its end (its process died, or it gave up): its FIN is the end of
    the stream aiosmtpd reads, the transport itself stays open until the reply is written."""
    reader = getattr(server, "_reader", None)
    transport = server.transport
    return transport is None or transport.is_closing() or (reader is not None and reader.at_eof())


def _holds(sink: "SlowSink", recipients: set[str]) -> bool:
    with sink.lock:
        return not sink.unanswered.isdisjoint(recipients)


class SmtpSink:
    def __init__(self, port: int, delay: float = 0.3) -> None:
        self.port = port
        self.handler = SlowSink(delay)
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    def holds(self, recipients: set[str]) -> bool:
        """Whether a message to one of ``recipients`` waits for its reply."""
        return _holds(self.handler, recipients)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> "SmtpSink":
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()
