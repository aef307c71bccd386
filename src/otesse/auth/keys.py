"""Secret API keys: ``otesse_{test|live}_sk_`` + 32 random base62 characters + a checksum.

The checksum lets a mistyped or truncated key be refused without touching the database.
Only the SHA-256 of a key is stored.
"""

import hashlib
import re
import secrets
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
RANDOM_LENGTH = 32
CHECKSUM_LENGTH = 6
KEY_PATTERN = re.compile(
    rf"^otesse_(test|live)_sk_([0-9A-Za-z]{{{RANDOM_LENGTH}}})([0-9A-Za-z]{{{CHECKSUM_LENGTH}}})$"
)


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        digits.append(BASE62[digit])
    return "".join(reversed(digits))


def _checksum(prefix: str, random_part: str) -> str:
    return _base62(zlib.crc32(f"{prefix}{random_part}".encode()), CHECKSUM_LENGTH)


def generate_key(mode: str) -> str:
    prefix = f"otesse_{mode}_sk_"
    random_part = "".join(secrets.choice(BASE62) for _ in range(RANDOM_LENGTH))
    return f"{prefix}{random_part}{_checksum(prefix, random_part)}"


def key_mode(key: str) -> str | None:
    """The key's mode when it is well formed and its checksum holds, else None."""
    match = KEY_PATTERN.fullmatch(key)
    if match is None:
        return None
    mode, random_part, checksum = match.groups()
    expected = _checksum(f"otesse_{mode}_sk_", random_part)
    return mode if secrets.compare_digest(checksum, expected) else None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def redact(key: str) -> str:
    return f"{key[:15]}...{key[-4:]}"
