"""Email messages rendered from the Jinja2 templates in ``otesse/mail/templates``.

Each template family is three files: ``NAME.subject.txt``, ``NAME.txt`` and ``NAME.html``.
HTML is autoescaped (a first name is data, never markup); the text part is not.
"""

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from typing import Any

import idna
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("otesse.mail", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render(
    template: str, context: dict[str, Any], *, unsubscribe_url: str | None = None
) -> tuple[str, str, str]:
    """The subject, text body and HTML body of ``template`` for ``context``; with an
    ``unsubscribe_url``, both bodies end with the visible unsubscribe link."""
    environment = _environment()
    subject = environment.get_template(f"{template}.subject.txt").render(context)
    text = environment.get_template(f"{template}.txt").render(context)
    html = environment.get_template(f"{template}.html").render(context)
    if unsubscribe_url is not None:
        footer = {"unsubscribe_url": unsubscribe_url}
        text += environment.get_template("unsubscribe_footer.txt").render(footer)
        footer_html = environment.get_template("unsubscribe_footer.html").render(footer)
        html = html.replace("</body>", footer_html + "</body>", 1)
    return " ".join(subject.split()), text, html


def sender_domain(mail_from: str) -> str:
    """The domain of ``OTESSE_MAIL_FROM`` (``Otesse <hello@otesse.com>`` -> ``otesse.com``)."""
    _, address = parseaddr(mail_from)
    return address.rpartition("@")[2] or "localhost"


def ascii_address(address: str) -> str:
    """The address as SMTP carries it without SMTPUTF8: an internationalised domain in its
    IDNA form (``max@münchen.de`` -> ``max@xn--mnchen-3ya.de``). The API refuses non-ASCII
    local parts at create; one that got in anyway raises here (a ValueError), so its
    invitation fails visibly instead of being sent to nobody."""
    local_part, _, domain = address.rpartition("@")
    if not local_part.isascii():
        raise ValueError("the address needs SMTPUTF8 (non-ASCII before the @-sign)")
    if domain.isascii():
        return address
    try:
        return f"{local_part}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError as error:
        raise ValueError(f"the domain has no IDNA form: {error}") from None


def compose(
    *,
    template: str,
    context: dict[str, Any],
    mail_from: str,
    to_name: str,
    to_address: str,
    message_id: str,
    date: datetime,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """A multipart/alternative message. Every header is a function of its inputs, so the
    same outbox row always yields the same message (a resend is recognisably the same).

    A marketing-capable message passes ``unsubscribe_url`` (consents.unsubscribe): it then
    carries RFC 8058's ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers (one click
    in the mail client) and the same link visibly at the end of both parts."""
    subject, text, html = render(template, context, unsubscribe_url=unsubscribe_url)
    message = EmailMessage()
    message["From"] = mail_from
    # formataddr quotes a display name that holds specials ("<", "&", ",").
    message["To"] = formataddr((to_name, ascii_address(to_address)))
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    if unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # A boundary derived from the Message-ID rather than random: byte-identical resends.
    message.set_boundary(f"=_{hashlib.sha256(message_id.encode()).hexdigest()[:32]}")
    return message
