"""The integrator's records on a customer: metadata merged by Stripe's rules, and tags kept
both on the row (in the case first written, for rendering) and in customer_tags (by their
case-insensitive key, for the `tag=` filter). Every write of either goes through here, so
the two copies of the tags never disagree."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.errors import InvalidRequest
from otesse.customers.schemas import MAX_METADATA_KEYS, MAX_TAGS, distinct_tags, tag_key
from otesse.models import Customer, CustomerTag


def merged_metadata(current: Mapping[str, str], sent: Mapping[str, str]) -> dict[str, str]:
    """``sent`` over ``current``, key by key; a key sent as "" is removed. More than 50 keys
    after the merge is a 400 (nothing is dropped to fit)."""
    merged = {**current, **sent}
    kept = {key: value for key, value in merged.items() if value != ""}
    if len(kept) > MAX_METADATA_KEYS:
        raise InvalidRequest(
            f"Invalid parameter metadata: a customer holds at most {MAX_METADATA_KEYS} keys "
            f"({len(kept)} after this change).",
            code="parameter_invalid",
            param="metadata",
        )
    return kept


def retagged(current: Iterable[str], sent: Iterable[str]) -> list[str]:
    """The set ``sent``, each tag the customer already holds kept in its first-written case."""
    known = {tag_key(tag): tag for tag in current}
    return distinct_tags([known.get(tag_key(tag), tag) for tag in sent])


def united_tags(target: Iterable[str], source: Iterable[str]) -> list[str]:
    """The target's tags, then the source's it lacks (a merge); 400 past the maximum."""
    tags = distinct_tags([*target, *source])
    if len(tags) > MAX_TAGS:
        raise InvalidRequest(
            f"The merged customer would hold {len(tags)} tags; at most {MAX_TAGS} are allowed.",
            code="parameter_invalid",
            param="source_id",
        )
    return tags


def tag_rows(
    *, customer_id: str, account_id: str, mode: str, created_at: datetime, tags: Iterable[str]
) -> list[dict[str, Any]]:
    """The customer_tags rows of these tags (one per case-insensitive key), carrying the
    customer's created_at: the list's order, in the `tag=` index (models/customers.py)."""
    return [
        {
            "customer_id": customer_id,
            "tag_key": key,
            "account_id": account_id,
            "mode": mode,
            "customer_created_at": created_at,
        }
        for key in sorted({tag_key(tag) for tag in tags})
    ]


async def write_tags(session: AsyncSession, customer: Customer, tags: list[str]) -> None:
    """Set the customer's tags: the row's list and its customer_tags rows, in step. A merge
    sets a source's to [] before its status becomes merged: no merged customer holds rows."""
    wanted = {tag_key(tag) for tag in tags}
    held = set(
        await session.scalars(
            select(CustomerTag.tag_key).where(CustomerTag.customer_id == customer.id)
        )
    )
    customer.tags = tags
    if held - wanted:
        await session.execute(
            delete(CustomerTag).where(
                CustomerTag.customer_id == customer.id, CustomerTag.tag_key.in_(held - wanted)
            )
        )
    if wanted - held:
        await session.execute(
            insert(CustomerTag),
            [
                row
                for row in tag_rows(
                    customer_id=customer.id,
                    account_id=customer.account_id,
                    mode=customer.mode,
                    created_at=customer.created_at,
                    tags=tags,
                )
                if row["tag_key"] in wanted - held
            ],
        )
