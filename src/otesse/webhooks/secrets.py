"""Signing secrets: Standard Webhooks ``whsec_`` secrets, encrypted at rest with AES-GCM.

The worker signs every delivery with the endpoint's secret, so it is kept recoverable, not
hashed: encrypted under a key derived (HKDF-SHA256) from ``OTESSE_SECRET_KEY``, which lives
outside the database. A copy of the database alone yields no secret.
"""

import base64
import os
import secrets
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from otesse.config import Settings
from otesse.invitations.tokens import load_secret

PREFIX = "whsec_"
_VERSION = "v1."


def new_signing_secret() -> str:
    """24 random bytes, base64: the form the standardwebhooks libraries read."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


class SecretBox:
    """AES-GCM with a random 96-bit nonce per value; ``context`` (say, an endpoint id) is
    bound as associated data, so a value moved to another row does not decrypt."""

    def __init__(self, master: bytes, *, purpose: bytes) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, context: bytes = b"") -> str:
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, plaintext, context)
        return _VERSION + base64.b64encode(sealed).decode()

    def open(self, sealed: str, context: bytes = b"") -> bytes:
        if not sealed.startswith(_VERSION):
            raise ValueError("not a sealed value")
        raw = base64.b64decode(sealed[len(_VERSION) :])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], context)
        except InvalidTag as error:
            raise ValueError("sealed under another key (OTESSE_SECRET_KEY changed?)") from error


@lru_cache(maxsize=8)
def _box(master: bytes, purpose: bytes) -> SecretBox:
    return SecretBox(master, purpose=purpose)


def secret_box(settings: Settings) -> SecretBox:
    """The box of the endpoints' signing secrets."""
    return _box(load_secret(settings), b"otesse webhook signing secrets v1")
