"""The rules of a merge. Never commits: the route commits once per request.

``POST /v1/customers/{id}/merge`` moves everything the source owns to the target in the
request's one transaction; ``merge_preview`` runs the very same merge in a transaction that
is rolled back, so the preview is what the merge would produce, by construction.

Both customers' rows are locked in id order, whichever is the target: merges of A into B
and of B into A running at once queue behind each other on the same first lock, and the
second one finds its source or target merged already (409). The source keeps its id and
row (status `merged`, `merged_into`), so old references still resolve.
"""

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from otesse.auth.principal import Principal
from otesse.core.db import PerDialect
from otesse.core.errors import Conflict, InvalidRequest
from otesse.core.queries import find_owned, not_found
from otesse.customers import service as customers
from otesse.customers.changes import record_change, representation_of
from otesse.customers.records import united_tags, write_tags
from otesse.customers.schemas import MAX_METADATA_KEYS
from otesse.merges import repository
from otesse.models import Customer
from otesse.models.base import utcnow
from otesse.stats.repository import recompute


async def _lock_pair(
    session: AsyncSession, principal: Principal, target_id: str, source_id: str
) -> tuple[Customer, Customer]:
    if target_id == source_id:
        # A 409, not a 400: the request is well formed (both ids are valid ids), it names a
        # pair no merge can join, as a merged target does.
        raise Conflict(
            "A customer cannot be merged into itself.", code="merge_into_itself", param="source_id"
        )
    tenant = {"account_id": principal.account_id, "mode": principal.mode}
    locked: dict[str, Customer | None] = {}
    for customer_id in sorted((target_id, source_id)):  # one lock order for every merge
        locked[customer_id] = await find_owned(
            session, Customer, **tenant, resource_id=customer_id, lock=True
        )
    target, source = locked[target_id], locked[source_id]
    if target is None:
        raise not_found("customer", target_id, param="customer_id")
    if source is None:
        raise not_found("customer", source_id, param="source_id")
    for customer, param in ((target, "customer_id"), (source, "source_id")):
        if customer.status == "merged":
            raise Conflict(
                f"Customer '{customer.id}' was merged into '{customer.merged_into}' already.",
                code="customer_merged",
                param=param,
            )
    if target.status == "deactivated":
        raise Conflict(
            f"Customer '{target.id}' is deactivated; merge into an active customer.",
            code="customer_deactivated",
            param="customer_id",
        )
    return target, source


def _merged_metadata(target: dict[str, str], source: dict[str, str]) -> dict[str, str]:
    """The target's keys, then the source's keys the target lacks."""
    merged = {**target, **{key: value for key, value in source.items() if key not in target}}
    if len(merged) > MAX_METADATA_KEYS:
        raise InvalidRequest(
            f"The merged customer would hold {len(merged)} metadata keys; at most "
            f"{MAX_METADATA_KEYS} are allowed.",
            code="parameter_invalid",
            param="source_id",
        )
    return merged


async def merge(
    session: AsyncSession, principal: Principal, *, target_id: str, source_id: str
) -> dict[str, int]:
    """Merge the source into the target; how many rows of each kind moved."""
    target, source = await _lock_pair(session, principal, target_id, source_id)
    before = {
        customer.id: await representation_of(session, customer) for customer in (target, source)
    }
    now = utcnow()
    target_tags = united_tags(target.tags, source.tags)
    metadata = _merged_metadata(target.metadata_map, source.metadata_map)
    moved = await repository.move_owned_rows(session, source_id=source.id, target_id=target.id)
    # The source's unique values are released: its email (kept for the record, its key no
    # longer reserves it) and, when the target has none, its external_id moves over.
    source.email_key = f"merged:{source.id}"
    external_id = source.external_id if target.external_id is None else None
    if external_id is not None:
        source.external_id = None
    source.merged_into = target.id
    await write_tags(session, source, [])
    await customers.change_status(session, source, "merged")
    await session.flush()
    if external_id is not None:
        target.external_id = external_id
    target.metadata_map = metadata
    await write_tags(session, target, target_tags)
    target.updated_at = now
    await session.flush()
    for customer in (target, source):
        await recompute(session, customer_id=customer.id)
    # The source's event names the target (`merged_into`); the target's shows what it gained.
    await record_change(session, source, "customer.merged", before[source.id])
    await record_change(session, target, "customer.updated", before[target.id])
    return moved


class _RolledBack(Protocol):
    def __call__(self, session: AsyncSession) -> AbstractAsyncContextManager[AsyncSession]: ...


@asynccontextmanager
async def _savepoint(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """SQLite: a SAVEPOINT in the request's transaction, which holds the write lock already."""
    savepoint = await session.begin_nested()
    try:
        yield session
    finally:
        await savepoint.rollback()


@asynccontextmanager
async def _transaction_apart(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """PostgreSQL: a transaction of its own (a GET's session runs without one)."""
    bind = session.bind
    assert isinstance(bind, AsyncEngine), "sessions are bound to the engine"
    async with AsyncSession(bind, expire_on_commit=False) as apart:
        # Set on the connection: an engine copy made from the read sessions' AUTOCOMMIT one
        # with another isolation_level still hands out connections in autocommit.
        await apart.connection(execution_options={"isolation_level": "READ COMMITTED"})
        try:
            yield apart
        finally:
            await apart.rollback()


# A writing transaction that is always rolled back, where each database can have one.
ROLLED_BACK: PerDialect[_RolledBack] = PerDialect(sqlite=_savepoint, postgresql=_transaction_apart)


async def preview(
    session: AsyncSession, principal: Principal, *, target_id: str, source_id: str
) -> dict[str, Any]:
    """What :func:`merge` would produce, from the merge itself, rolled back."""
    async with ROLLED_BACK.of(session)(session) as trial:
        moved = await merge(trial, principal, target_id=target_id, source_id=source_id)
        target = await customers.get_customer(trial, principal, target_id)
        source = await customers.get_customer(trial, principal, source_id)
    return {"target": orjson.loads(target), "source": orjson.loads(source), "moved": moved}
