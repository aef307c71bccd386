"""Mail transports against a real SMTP server: what is transient and what is permanent."""

from pathlib import Path

import pytest

from otesse.mail.message import sender_domain
from otesse.mail.transport import (
    FileTransport,
    PermanentMailError,
    SmtpTransport,
    TransientMailError,
    transport_from_url,
)
from tests.mail.smtp import SmtpServer, sample_message, smtp_fixture  # noqa: F401


def test_urls_choose_the_transport() -> None:
    assert transport_from_url("file://var/mail") == FileTransport(Path("var/mail"))
    assert transport_from_url("file:///srv/mail") == FileTransport(Path("/srv/mail"))
    assert transport_from_url("smtp://relay:2525") == SmtpTransport("relay", 2525)
    starttls = transport_from_url("smtp+starttls://me%40x.com:p%3Ass@mail.x.com:587")
    assert starttls == SmtpTransport(
        "mail.x.com", 587, username="me@x.com", password="p:ss", start_tls=True
    )
    assert transport_from_url("smtps://u:p@mail.x.com") == SmtpTransport(
        "mail.x.com", 465, username="u", password="p", use_tls=True
    )
    for wrong in ("http://x", "smtp://"):
        with pytest.raises(ValueError, match="OTESSE_MAIL_URL"):
            transport_from_url(wrong)


def test_the_same_outbox_row_always_yields_the_same_bytes() -> None:
    assert sample_message().as_bytes() == sample_message().as_bytes()


def test_message_ids_use_the_senders_domain() -> None:
    assert sender_domain("Otesse <hello@otesse.com>") == "otesse.com"
    assert sender_domain("noreply@mail.example.org") == "mail.example.org"


async def test_smtp_delivers_the_message_as_composed(smtp: SmtpServer) -> None:
    await SmtpTransport("127.0.0.1", smtp.port).send(sample_message())
    [received] = smtp.handler.messages
    assert received["Message-ID"] == "<obx_1@otesse.com>"
    assert received["Date"] == "Fri, 02 Jan 2026 03:04:05 +0000"
    assert received["Subject"] == "Ann, your Otesse account is ready"


async def test_a_550_recipient_is_permanent_and_names_no_address(smtp: SmtpServer) -> None:
    smtp.handler.refuse.add("gone@example.com")
    with pytest.raises(PermanentMailError) as raised:
        await SmtpTransport("127.0.0.1", smtp.port).send(sample_message("gone@example.com"))
    assert "550" in str(raised.value) and "gone@example.com" not in str(raised.value)


async def test_a_refused_connection_is_transient() -> None:
    closed = SmtpServer()  # never started: its port refuses connections
    with pytest.raises(TransientMailError):
        await SmtpTransport("127.0.0.1", closed.port, timeout=2).send(sample_message())


async def test_a_4xx_reply_is_transient(smtp: SmtpServer) -> None:
    async def busy(*_: object) -> str:
        return "451 4.3.2 try again later"

    smtp.handler.handle_RCPT = busy  # type: ignore[method-assign]
    with pytest.raises(TransientMailError, match="451"):
        await SmtpTransport("127.0.0.1", smtp.port).send(sample_message())


async def test_the_file_transport_overwrites_on_resend(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path / "mail")
    await transport.send(sample_message())
    await transport.send(sample_message())
    [eml] = list((tmp_path / "mail").iterdir())
    assert eml.name == "obx_1@otesse.com.eml"
    assert "Hi Ann," in eml.read_text()
