"""Where mail goes, chosen by ``OTESSE_MAIL_URL``, and how its failures are classified.

- ``file://DIR``: one ``.eml`` per message, named after its Message-ID (a resend overwrites
  the same file), for laptops and demos.
- ``smtp://host:port``: plain SMTP (a local relay).
- ``smtp+starttls://user:pass@host:port``: STARTTLS is required, then AUTH.
- ``smtps://user:pass@host:port``: implicit TLS, then AUTH.

Failures: connection refused, timeouts, dropped connections and 4xx replies are transient
(retried later); a 5xx reply to the recipient or to the message itself is permanent. Any
other 5xx (authentication, the sender address) is a configuration problem an operator can
fix, so it is transient too and ends dead-lettered if nobody does.
"""

import asyncio
import os
import re
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from otesse.core.outbox import PermanentFailure, TransientFailure

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
_ADDRESS = re.compile(r"[^\s<>]+@[^\s<>]+")


class TransientMailError(TransientFailure):
    pass


class PermanentMailError(PermanentFailure):
    pass


class Transport(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def redact(text: str) -> str:
    """Server replies quote the recipient; keep addresses out of stored errors and logs."""
    return _ADDRESS.sub("<address>", text)


@dataclass(frozen=True)
class FileTransport:
    directory: Path

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9@._-]", "_", str(message["Message-ID"]).strip("<>"))
        # Written whole then renamed, so a reader never sees half a message.
        handle, partial = tempfile.mkstemp(dir=self.directory, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(message.as_bytes())
        Path(partial).replace(self.directory / f"{name}.eml")


@dataclass(frozen=True)
class SmtpTransport:
    hostname: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool = False
    timeout: float = 20.0

    async def send(self, message: EmailMessage) -> None:
        client = aiosmtplib.SMTP(
            hostname=self.hostname,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.use_tls,
            start_tls=self.start_tls,
            timeout=self.timeout,
        )
        try:
            await self._send(client, message)
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise _classify_refusals(error) from None
        except (aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError) as error:
            raise _by_code(error.code, error.message, permanent_5xx=True) from None
        except aiosmtplib.SMTPResponseException as error:
            raise _by_code(error.code, error.message, permanent_5xx=False) from None
        except ValueError as error:
            # A recipient or header the client cannot encode: no later try will do better.
            raise PermanentMailError(f"malformed message: {type(error).__name__}") from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            # Refused or dropped connections, timeouts, TLS trouble: try again later.
            raise TransientMailError(f"{type(error).__name__}: {redact(str(error))}") from None

    @staticmethod
    async def _send(client: aiosmtplib.SMTP, message: EmailMessage) -> None:
        """aiosmtplib.send, but a send cancelled midway (a worker stopping past its grace)
        drops the connection at once: a message the server has not acknowledged is then not
        delivered, and the worker may hand it back (worker.py). aiosmtplib's ``async with``
        says QUIT first, which waits for the pending DATA reply: the message would be
        delivered behind the worker's back, and sent again by the next."""
        try:
            await client.connect()
            await client.send_message(message)
        finally:
            # No QUIT: once the server has acknowledged the message it is delivered, and a
            # worker cancelled while waiting for the goodbye would count it undelivered.
            client.close()


def _by_code(code: int, reply: str, *, permanent_5xx: bool) -> Exception:
    description = f"SMTP {code}: {redact(reply)}"
    if 500 <= code < 600 and permanent_5xx:
        return PermanentMailError(description)
    return TransientMailError(description)


def _classify_refusals(error: aiosmtplib.SMTPRecipientsRefused) -> Exception:
    refusals = error.recipients
    if refusals and all(500 <= refusal.code < 600 for refusal in refusals):
        first = refusals[0]
        return PermanentMailError(f"SMTP {first.code}: {redact(first.message)}")
    codes = ", ".join(str(refusal.code) for refusal in refusals)
    return TransientMailError(f"recipient refused ({codes})")


def transport_from_url(url: str, *, timeout: float = 20.0) -> Transport:
    """Build the transport ``OTESSE_MAIL_URL`` names; a ValueError says what is wrong."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        # file://var/mail is relative (netloc "var"); file:///srv/mail is absolute.
        return FileTransport(Path(unquote(parts.netloc + parts.path)))
    if scheme not in DEFAULT_PORTS:
        raise ValueError(
            "OTESSE_MAIL_URL must start with file://, smtp://, smtp+starttls:// or smtps://"
        )
    if not parts.hostname:
        raise ValueError("OTESSE_MAIL_URL names no SMTP host")
    return SmtpTransport(
        hostname=parts.hostname,
        port=parts.port or DEFAULT_PORTS[scheme],
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=scheme == "smtps",
        start_tls=scheme == "smtp+starttls",
        timeout=timeout,
    )
