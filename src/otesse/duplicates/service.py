"""Duplicate candidates of a customer, scored by what matched. Never commits."""

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.pagination import PageRequest
from otesse.customers import service as customers
from otesse.duplicates import repository
from otesse.stats.owners import find_customer

# Each reason's weight; a candidate's score is the sum, at most 100. Strongest first: the
# order `reasons` lists them in.
WEIGHTS: dict[str, int] = {
    "same_name_and_address": 60,
    "same_phone": 50,
    "same_email_local_part": 35,
}


async def duplicates(
    session: AsyncSession, principal: Principal, customer_id: str, page: PageRequest
) -> tuple[list[dict[str, Any]], int]:
    """The page of candidates (highest score first, then newest) and their exact number."""
    customer = await find_customer(session, principal, customer_id, param="customer_id")
    reasons: dict[str, list[str]] = {}
    for found, reason in await repository.candidates(session, customer):
        held = reasons.setdefault(found, [])
        if reason not in held:
            held.append(reason)
    for held in reasons.values():
        held.sort(key=list(WEIGHTS).index)
    scored = sorted(
        ((min(100, sum(WEIGHTS[r] for r in why)), found) for found, why in reasons.items()),
        # Ids are ULIDs: a later id is a newer customer.
        key=lambda pair: (-pair[0], [-ord(ch) for ch in pair[1]]),
    )
    chosen = scored[page.offset : page.offset + page.per_page]
    documents = await customers.get_customers(session, principal, [found for _, found in chosen])
    items = [
        {"score": score, "reasons": reasons[found], "customer": orjson.loads(documents[found])}
        for score, found in chosen
    ]
    return items, len(scored)
