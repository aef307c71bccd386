"""What ``search`` matches: one lower-cased text per customer, and the typed term reduced to it.

The seeding command writes ``search_text`` in bulk with :func:`search_text`, so both paths
stay identical (docs/customers.md, `search`).
"""

import re

# A term made only of digits and phone punctuation is a phone number being typed.
_PHONE_LIKE = re.compile(r"[0-9+\-.() ]+")
MIN_PHONE_DIGITS = 3


def phone_digits(phone: str | None) -> str:
    return phone.removeprefix("+") if phone else ""


def search_text(first_name: str, last_name: str, email: str, phone: str | None) -> str:
    parts = [f"{first_name} {last_name}", f"{last_name} {first_name}", email, phone_digits(phone)]
    return " ".join(parts).casefold()


def email_local_key(email: str) -> str:
    """What two addresses of one person on different domains share: the local part
    case-folded, without a `+tag` and without dots (jane.doe+shop@a.example and
    JaneDoe@b.example both give janedoe). The duplicate candidates' lookup key."""
    local = email.rsplit("@", 1)[0].casefold()
    return local.split("+", 1)[0].replace(".", "")


def search_term(typed: str) -> str:
    """The substring to look for: case-folded, and digits only when it looks like a phone."""
    term = typed.strip().casefold()
    if _PHONE_LIKE.fullmatch(term):
        digits = re.sub(r"\D", "", term)
        if len(digits) >= MIN_PHONE_DIGITS:
            return digits
    return term
