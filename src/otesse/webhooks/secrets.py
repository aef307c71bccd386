"""Signing secrets: Standard Webhooks ``whsec_`` secrets.

The worker signs every delivery with the endpoint's secret, so it is kept recoverable, not
hashed: sealed at rest under the data key ring like every other sealed value (core/sealing.py,
bound to the endpoint id; `otesse data-keys rotate` re-seals them), whose keys live outside
the database. A copy of the database alone yields no secret.
"""

import base64
import secrets

PREFIX = "whsec_"
_VERSION = "v1."


def new_signing_secret() -> str:
    """24 random bytes, base64: the form the standardwebhooks libraries read."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()
