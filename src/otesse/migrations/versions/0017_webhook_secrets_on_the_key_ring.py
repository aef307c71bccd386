"""Webhook signing secrets sealed under the data key ring, as every other sealed value.

0012 encrypted them under a key derived (HKDF-SHA256) from OTESSE_SECRET_KEY, apart from the
ring that seals access notes and events (0013), so `otesse data-keys rotate` did not reach
them and a deployment had two keys to guard for data at rest. Each stored secret is opened
with that derived key and sealed with the ring's newest key, bound to its endpoint
(core/sealing.py). Run with the same OTESSE_SECRET_KEY and OTESSE_DATA_KEYS the service uses.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

import base64
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from otesse.config import get_settings
from otesse.core import sealing
from otesse.invitations.tokens import load_secret

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0012's form: "v1." + base64(nonce || AES-GCM(key, secret, endpoint id)).
_OLD_VERSION = "v1."
_OLD_PURPOSE = b"otesse webhook signing secrets v1"
COLUMNS = ("secret_encrypted", "previous_secret_encrypted")


def _old_key() -> AESGCM:
    master = load_secret(get_settings())
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_OLD_PURPOSE).derive(master)
    return AESGCM(key)


def _open_old(aead: AESGCM, stored: str, endpoint_id: str) -> str:
    raw = base64.b64decode(stored[len(_OLD_VERSION) :])
    return aead.decrypt(raw[:12], raw[12:], endpoint_id.encode()).decode()


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, secret_encrypted, previous_secret_encrypted FROM webhook_endpoints")
    ).all()
    if not rows:
        return
    aead, ring = _old_key(), sealing.ring()
    for row in rows:
        values = {}
        for column in COLUMNS:
            stored = getattr(row, column)
            if stored and stored.startswith(_OLD_VERSION):
                values[column] = ring.seal(_open_old(aead, stored, row.id), row.id)
        if values:
            assignments = ", ".join(f"{column} = :{column}" for column in values)
            connection.execute(
                sa.text(f"UPDATE webhook_endpoints SET {assignments} WHERE id = :id"),  # noqa: S608 - column names of this file
                {**values, "id": row.id},
            )


def downgrade() -> None:
    # The derived key is gone from the code: going back leaves the secrets sealed by the ring
    # (rotate each endpoint's secret after a downgrade).
    pass
