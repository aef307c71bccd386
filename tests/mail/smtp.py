"""A real SMTP server in the test process (aiosmtpd), recording what it receives."""

import asyncio
import email
import email.policy
import logging
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from otesse.mail.message import compose

# aiosmtpd logs every envelope (sender and recipients) at INFO. It is the test's own server,
# not the service, but its lines would land in the captured output the log audit searches.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RecordingHandler:
    """Accepts every message, except recipients in ``refuse`` (550 on RCPT).

    With ``stall_first`` set, the first DATA is held (no reply) until ``release`` is set:
    the sender then looks like a worker stuck mid-send.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.rcpt_attempts: Counter[str] = Counter()
        self.stall_first = False
        self.stall_reply = "451 4.3.0 gave up"
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.rcpt_attempts[address] += 1
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        if self.stall_first and not self.stalled.is_set():
            self.stalled.set()
            # Recorded as received, as a real server that got the data but never answered.
            self.messages.append(message)
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return self.stall_reply
        self.messages.append(message)
        return "250 Message accepted"

    def per_message_id(self) -> Counter[str]:
        return Counter(str(message["Message-ID"]) for message in self.messages)


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        self.handler.release.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture(name="smtp")
def smtp_fixture() -> Iterator[SmtpServer]:
    """A running server; import ``smtp_fixture`` into a test module to use ``smtp``."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def sample_message(to_address: str = "ann@example.com") -> EmailMessage:
    """An invitation as the worker would build it, with fixed inputs."""
    return compose(
        template="invitation",
        context={"first_name": "Ann", "link": "https://x.test/invitations/t", "expires_on": "x"},
        mail_from="Otesse <hello@otesse.com>",
        to_name="Ann Lee",
        to_address=to_address,
        message_id="<obx_1@otesse.com>",
        date=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
