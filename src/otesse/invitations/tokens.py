"""Invitation tokens: derived, never stored; only their SHA-256 is kept.

The worker needs the plaintext token to put in the email, and a resend after a crash must
carry the very same link. So the token is not random-and-remembered but derived:
HMAC-SHA256(secret key, invitation id). The invitation id is a random ULID, the secret key
lives outside the database (``OTESSE_SECRET_KEY``), so a copy of the database alone yields
no working link.
"""

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from otesse.config import Settings
from otesse.core.secret_files import create_once


def derive_token(secret: bytes, invitation_id: str) -> str:
    digest = hmac.new(secret, f"invitation:{invitation_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_secret(settings: Settings) -> bytes:
    """``OTESSE_SECRET_KEY``, or the key kept in ``secret_key_file`` (created on first use).

    The file suits one machine (``make run``); workers on several machines must share
    ``OTESSE_SECRET_KEY``.
    """
    if settings.secret_key:
        return settings.secret_key.get_secret_value().encode()
    path = Path(settings.secret_key_file)
    create_once(path, lambda: secrets.token_urlsafe(48) + "\n")
    return path.read_text().strip().encode()
