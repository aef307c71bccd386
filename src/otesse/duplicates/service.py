"""Duplicate candidates of a customer, scored by what matched. Never commits."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.pagination import PageRequest
from otesse.customers import service as customers
from otesse.duplicates import repository
from otesse.models import Customer
from otesse.stats.owners import find_customer

Lookup = Callable[[AsyncSession, Customer], Awaitable[Sequence[str]]]

# Each reason's weight; a candidate's score is the sum, at most 100. Strongest first: the
# order `reasons` lists them in.
REASONS: tuple[tuple[str, Lookup, int], ...] = (
    ("same_name_and_address", repository.same_name_and_address, 60),
    ("same_phone", repository.same_phone, 50),
    ("same_email_local_part", repository.same_email_local_part, 35),
)


async def duplicates(
    session: AsyncSession, principal: Principal, customer_id: str, page: PageRequest
) -> tuple[list[dict[str, Any]], int]:
    """The page of candidates (highest score first, then newest) and their exact number."""
    customer = await find_customer(session, principal, customer_id, param="customer_id")
    reasons: dict[str, list[str]] = {}
    for reason, lookup, _weight in REASONS:
        for found in await lookup(session, customer):
            reasons.setdefault(found, [])
            if reason not in reasons[found]:
                reasons[found].append(reason)
    weights = {reason: weight for reason, _lookup, weight in REASONS}
    scored = sorted(
        ((min(100, sum(weights[r] for r in why)), found) for found, why in reasons.items()),
        # Ids are ULIDs: a later id is a newer customer.
        key=lambda pair: (-pair[0], [-ord(ch) for ch in pair[1]]),
    )
    chosen = scored[page.offset : page.offset + page.per_page]
    items = []
    for score, found in chosen:
        document = await customers.get_customer(session, principal, found)
        items.append(
            {"score": score, "reasons": reasons[found], "customer": orjson.loads(document)}
        )
    return items, len(scored)
