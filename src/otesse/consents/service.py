"""The consent rules. Never commits: the caller's transaction holds the record and the
customer's consent columns together.

:func:`record` is the one way anything writes consent: it appends the record, then rewrites
the customer's marketing columns (``marketing_email``/``_sms``/``_phone`` and
``marketing_opt_in``) from the latest record per channel, so the customer and its ledger
cannot disagree. The customer must be locked by the caller (writes to one customer are
serialised by its row lock, so "latest" is well defined).
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.consents import repository
from otesse.consents.schemas import ConsentCreate, ConsentRead
from otesse.core import events
from otesse.core.ids import new_id
from otesse.core.pagination import PageRequest
from otesse.core.queries import not_found
from otesse.core.representation import python_renderer
from otesse.customers.changes import record_change, representation_of
from otesse.models import Customer
from otesse.models.base import utcnow
from otesse.stats.owners import find_customer

render_consent = python_renderer(ConsentRead)
MARKETING_CHANNELS = ("email", "sms", "phone")
USER_AGENT_LENGTH = 500
# What a PATCH of `preferences.marketing_opt_in` records: the API's own field, by name.
PREFERENCE_DISCLOSURE = "preferences.marketing_opt_in set through the API"


@dataclass(frozen=True, slots=True)
class Witness:
    """Where a record came from: the request, and for the pages the browser."""

    request_id: str | None
    ip: str | None = None
    user_agent: str | None = None


def _record_values(
    customer_id: str,
    account_id: str,
    mode: str,
    *,
    channel: str,
    purpose: str,
    state: str,
    source: str,
    disclosure: str,
    witness: Witness,
) -> dict[str, Any]:
    return {
        "id": new_id("cons"),
        "account_id": account_id,
        "mode": mode,
        "customer_id": customer_id,
        "channel": channel,
        "purpose": purpose,
        "state": state,
        "source": source,
        "disclosure": disclosure,
        "ip": witness.ip,
        "user_agent": (witness.user_agent or "")[:USER_AGENT_LENGTH] or None,
        "request_id": witness.request_id,
        "recorded_at": utcnow(),
    }


def marketing_columns(current: dict[str, str]) -> dict[str, bool]:
    """The customer's marketing columns from the latest marketing record per channel."""
    granted = {channel: current.get(channel) == "granted" for channel in MARKETING_CHANNELS}
    return {
        "marketing_email": granted["email"],
        "marketing_sms": granted["sms"],
        "marketing_phone": granted["phone"],
        "marketing_opt_in": any(granted.values()),
    }


async def record(
    session: AsyncSession,
    customer: Customer,
    *,
    channel: str,
    purpose: str,
    state: str,
    source: str,
    disclosure: str,
    witness: Witness,
) -> dict[str, Any]:
    """Append one record for a locked customer and re-derive its consent columns."""
    values = _record_values(
        customer.id,
        customer.account_id,
        customer.mode,
        channel=channel,
        purpose=purpose,
        state=state,
        source=source,
        disclosure=disclosure,
        witness=witness,
    )
    await repository.insert_record(session, values)
    if purpose == "marketing":
        await _derive_marketing(session, customer)
    rendered = render_consent(values)
    # The ledger's own event; the change of the customer's preferences it causes is the
    # customer.updated of the change that recorded it (the PATCH, the page, the POST).
    await events.record(
        session,
        account_id=customer.account_id,
        mode=customer.mode,
        type="consent.recorded",
        customer_id=customer.id,
        resource=rendered,
    )
    return rendered


def first_marketing_records(
    new_customers: list[dict[str, Any]],
    *,
    channel: str,
    state: str,
    source: str,
    disclosure: str,
    witness: Witness,
) -> list[dict[str, Any]]:
    """A bulk create (the import): each new customer's first marketing record, its
    columns derived from it into the customer's values before the insert (a customer
    with no other record: this one is its latest). Insert the records after the customers
    with :func:`insert_records`."""
    records = []
    for values in new_customers:
        records.append(
            _record_values(
                values["id"],
                values["account_id"],
                values["mode"],
                channel=channel,
                purpose="marketing",
                state=state,
                source=source,
                disclosure=disclosure,
                witness=witness,
            )
        )
        values.update(marketing_columns({channel: state}))
    return records


async def insert_records(session: AsyncSession, records: list[dict[str, Any]]) -> None:
    if records:
        await repository.insert_records(session, records)


async def _derive_marketing(session: AsyncSession, customer: Customer) -> None:
    current = await repository.current_states(session, customer.id, "marketing")
    for column, value in marketing_columns(current).items():
        setattr(customer, column, value)
    customer.updated_at = utcnow()
    await session.flush()


async def set_marketing_opt_in(
    session: AsyncSession, customer: Customer, opt_in: bool, *, witness: Witness
) -> None:
    """``preferences.marketing_opt_in`` written through the API: ``true`` grants email
    marketing (the channel the field has always meant), ``false`` withdraws every channel
    that is granted. Setting what already holds records nothing."""
    if opt_in and not customer.marketing_opt_in:
        await record(
            session,
            customer,
            channel="email",
            purpose="marketing",
            state="granted",
            source="api",
            disclosure=PREFERENCE_DISCLOSURE,
            witness=witness,
        )
    if not opt_in:
        granted = [
            channel for channel in MARKETING_CHANNELS if getattr(customer, f"marketing_{channel}")
        ]
        for channel in granted:
            await record(
                session,
                customer,
                channel=channel,
                purpose="marketing",
                state="revoked",
                source="api",
                disclosure=PREFERENCE_DISCLOSURE,
                witness=witness,
            )


async def record_from_api(
    session: AsyncSession,
    principal: Principal,
    customer_id: str,
    payload: ConsentCreate,
    *,
    witness: Witness,
) -> dict[str, Any]:
    """``POST /v1/customers/:id/consents``: an integrator's record, in its own words."""
    customer = await find_customer(session, principal, customer_id, param="id", for_update=True)
    before = await representation_of(session, customer)
    recorded = await record(
        session,
        customer,
        channel=payload.channel,
        purpose=payload.purpose,
        state=payload.state,
        source=payload.source,
        disclosure=payload.disclosure,
        witness=Witness(request_id=witness.request_id),
    )
    await record_change(session, customer, "customer.updated", before)
    return recorded


async def list_consents(
    session: AsyncSession, principal: Principal, customer_id: str, page: PageRequest
) -> tuple[list[dict[str, Any]], int]:
    customer = await find_customer(session, principal, customer_id, param="id")
    rows, total = await repository.page_of(
        session, customer.id, offset=page.offset, limit=page.per_page
    )
    return [render_consent(row) for row in rows], total


async def get_consent(
    session: AsyncSession, principal: Principal, customer_id: str, consent_id: str
) -> dict[str, Any]:
    customer = await find_customer(session, principal, customer_id, param="id")
    row = await repository.one(session, customer.id, consent_id)
    if row is None:
        raise not_found("consent", consent_id, param="consent_id")
    return render_consent(row)
