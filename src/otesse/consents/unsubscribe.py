"""One-click unsubscribe (RFC 8058): the link every marketing-capable email carries.

The link names the customer and a signature: ``<customer id>.<HMAC-SHA256(secret key,
"unsubscribe:" + customer id)>``. Nothing is stored, and it works as long as the key is the
same; a forged or altered link opens nothing. Following it (the one-click POST, or the
button of its page) appends a ``revoked`` email-marketing record, source
``unsubscribe_link``.
"""

import base64
import hashlib
import hmac

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.consents.service import Witness, record
from otesse.core.queries import storable_id
from otesse.customers.changes import record_change, representation_of
from otesse.models import Customer

DISCLOSURE = "One-click unsubscribe from marketing email (RFC 8058 List-Unsubscribe)"


def _signature(secret: bytes, customer_id: str) -> str:
    digest = hmac.new(secret, f"unsubscribe:{customer_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def unsubscribe_token(secret: bytes, customer_id: str) -> str:
    return f"{customer_id}.{_signature(secret, customer_id)}"


def unsubscribe_url(public_url: str, secret: bytes, customer_id: str) -> str:
    return f"{public_url.rstrip('/')}/unsubscribe/{unsubscribe_token(secret, customer_id)}"


def customer_id_of(secret: bytes, token: str) -> str | None:
    """The customer a genuine token names; None for anything else."""
    customer_id, _, signature = token.rpartition(".")
    if not customer_id or not storable_id(customer_id):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(secret, customer_id).encode()):
        return None
    return customer_id


async def unsubscribe(session: AsyncSession, customer: Customer, *, witness: Witness) -> None:
    """Withdraw a locked customer's email-marketing consent. Recorded on every request, even
    when none was granted: the customer asked, and the ledger says when."""
    before = await representation_of(session, customer)
    await record(
        session,
        customer,
        channel="email",
        purpose="marketing",
        state="revoked",
        source="unsubscribe_link",
        disclosure=DISCLOSURE,
        witness=witness,
    )
    await record_change(session, customer, "customer.updated", before)
