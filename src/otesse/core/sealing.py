"""Personal text sealed at rest: AES-256-GCM (the `cryptography` package) under a key ring.

A sealed value is the text ``<key id>:<base64url(nonce || ciphertext || tag)>``, bound to
the row it belongs to (its id is the associated data), so a ciphertext copied onto another
row does not open. The ring comes from ``OTESSE_DATA_KEYS`` (``id=base64url key`` pairs,
comma-separated; the last one listed is the newest and seals, every one opens) or, unset, from
``data_keys_file`` (``var/data_keys``), generated on first use (docs/privacy.md).

PostgreSQL renders the customer's JSON in SQL but cannot open a seal, so for a sealed field it
writes a *mark* in place of the JSON string: ``"\\/<row id>\\/<sealed value>"``.
:func:`open_marks` replaces each mark by the opened text, JSON-encoded by orjson as the Python
renderer would write it, so both databases answer the same bytes. The two characters ``\\/``
never occur in JSON that PostgreSQL (escape_json) or orjson writes for a value, so a mark
cannot be forged by any text a client stores, and a document without one is returned after a
single substring search.
"""

import base64
import binascii
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import orjson
import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from otesse.config import Settings, get_settings
from otesse.core.errors import ServiceUnavailable
from otesse.core.secret_files import create_once

KEY_ID_PATTERN = r"[A-Za-z0-9-]{1,32}"  # no "_" or "%": a key id is used in LIKE patterns
_KEY_ID = re.compile(KEY_ID_PATTERN)
KEY_BYTES = 32
NONCE_BYTES = 12
MARK = b'"\\/'
_MARK_SEPARATOR = b"\\/"

log = structlog.get_logger("otesse.sealing")


class DataKeyUnknown(ServiceUnavailable):
    """A sealed value names a key the ring does not hold (the key was dropped too early)."""

    default_code = "data_key_unknown"


class SealBroken(ServiceUnavailable):
    """A sealed value does not open: altered, truncated or moved to another row."""

    default_code = "data_unreadable"


class DataKeysInvalid(ValueError):
    """OTESSE_DATA_KEYS (or the key file) cannot be read as a key ring."""


def _decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise DataKeysInvalid("a data key is not base64url") from None
    if len(key) != KEY_BYTES:
        raise DataKeysInvalid(f"a data key must be {KEY_BYTES} bytes")
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode()


def new_key_entry(key_id: str) -> str:
    """A ``id=key`` entry holding a fresh random key (``otesse data-keys generate``)."""
    if not _KEY_ID.fullmatch(key_id):
        raise DataKeysInvalid(f"a key id is 1 to 32 of A-Z a-z 0-9 - (got {key_id!r})")
    return f"{key_id}={encode_key(secrets.token_bytes(KEY_BYTES))}"


@dataclass(frozen=True)
class KeyRing:
    """Every key that opens, by id; ``newest`` is the one that seals."""

    ciphers: dict[str, AESGCM]
    newest: str

    @classmethod
    def parse(cls, text: str) -> "KeyRing":
        ciphers: dict[str, AESGCM] = {}
        newest = None
        for entry in filter(None, (part.strip() for part in text.replace("\n", ",").split(","))):
            key_id, equals, encoded = entry.partition("=")
            key_id = key_id.strip()
            if not equals or not _KEY_ID.fullmatch(key_id):
                raise DataKeysInvalid("each entry is id=key, the id 1 to 32 of A-Z a-z 0-9 -")
            if key_id in ciphers:
                raise DataKeysInvalid(f"the key id {key_id} is listed twice")
            ciphers[key_id] = AESGCM(_decode_key(encoded.strip()))
            newest = key_id
        if newest is None:
            raise DataKeysInvalid("the key ring holds no key")
        return cls(ciphers, newest)

    def seal(self, plain: str, bound_to: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.ciphers[self.newest].encrypt(nonce, plain.encode(), bound_to.encode())
        return f"{self.newest}:{base64.urlsafe_b64encode(nonce + sealed).rstrip(b'=').decode()}"

    def open(self, sealed: str, bound_to: str) -> str:
        key_id, _, encoded = sealed.partition(":")
        cipher = self.ciphers.get(key_id)
        if cipher is None:
            raise DataKeyUnknown(
                "Stored data is sealed under a data key this server does not hold; restore "
                "the key to OTESSE_DATA_KEYS (docs/privacy.md).",
            )
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            plain = cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bound_to.encode())
        except (InvalidTag, binascii.Error, ValueError):
            raise SealBroken("Stored data could not be read back; it was altered.") from None
        return plain.decode()

    def is_newest(self, sealed: str) -> bool:
        return sealed.startswith(f"{self.newest}:")


def load_ring(keys: str | None, key_file: Path) -> KeyRing:
    """The ring from ``OTESSE_DATA_KEYS``, else from ``key_file`` (created on first use, as
    the secret key is: invitations/tokens.py)."""
    if keys:
        return KeyRing.parse(keys)
    path = Path(key_file)
    if create_once(path, lambda: new_key_entry("k1") + "\n"):
        log.warning("data_key_generated", file=str(path), key_id="k1")
    return KeyRing.parse(path.read_text())


def ring_of(settings: Settings) -> KeyRing:
    keys = settings.data_keys.get_secret_value() if settings.data_keys else None
    return load_ring(keys, settings.data_keys_file)


_ring: KeyRing | None = None


def install(ring: KeyRing) -> None:
    """Make ``ring`` the process's key ring (create_app, the CLI, the migration)."""
    global _ring
    _ring = ring


def ring() -> KeyRing:
    if _ring is None:
        settings = get_settings()
        install(ring_of(settings))
    assert _ring is not None
    return _ring


def seal(plain: str | None, bound_to: str) -> str | None:
    return None if plain is None else ring().seal(plain, bound_to)


def unseal(sealed: str | None, bound_to: str) -> str | None:
    return None if sealed is None else ring().open(sealed, bound_to)


def mark_sql(column: str, bound_to: str) -> str:
    """PostgreSQL: the JSON mark of a sealed column (null stays null); see the module doc."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"ELSE ('\"\\/' || {bound_to} || '\\/' || {column} || '\"')::json END"
    )


def open_marks(document: bytes) -> bytes:
    """The document with each mark replaced by its opened text as a JSON string."""
    at = document.find(MARK)
    if at == -1:
        return document
    keys = ring()
    parts = []
    start = 0
    while at != -1:
        end = document.index(b'"', at + len(MARK))
        bound_to, _, sealed = document[at + len(MARK) : end].partition(_MARK_SEPARATOR)
        parts.append(document[start:at])
        parts.append(orjson.dumps(keys.open(sealed.decode(), bound_to.decode())))
        start = end + 1
        at = document.find(MARK, start)
    parts.append(document[start:])
    return b"".join(parts)
