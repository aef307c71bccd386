"""Every query on addresses. Callers lock the customer row first (stats.owners
.find_customer), so changes to one customer's addresses never interleave; the partial unique
index on (customer_id) WHERE is_default is the backstop."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.queries import storable_id
from otesse.models import Address
from otesse.models.base import utcnow


async def has_addresses(session: AsyncSession, *, customer_id: str) -> bool:
    query = select(Address.id).where(Address.customer_id == customer_id).limit(1)
    return (await session.scalar(query)) is not None


async def clear_default(session: AsyncSession, *, customer_id: str) -> None:
    await session.execute(
        update(Address)
        .where(Address.customer_id == customer_id, Address.is_default.is_(True))
        .values(is_default=False, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def insert_address(session: AsyncSession, address: Address) -> None:
    session.add(address)
    await session.flush()


async def get_address(
    session: AsyncSession, *, customer_id: str, address_id: str
) -> Address | None:
    if not storable_id(address_id):
        return None
    query = (
        select(Address)
        .where(Address.id == address_id, Address.customer_id == customer_id)
        .execution_options(populate_existing=True)
    )
    return await session.scalar(query)


async def save_address(session: AsyncSession, address: Address) -> None:
    await session.flush()
    await session.refresh(address)


async def delete_address(session: AsyncSession, address: Address) -> bool:
    """Delete the address; False when bookings or subscriptions still point at it."""
    try:
        async with session.begin_nested():
            await session.delete(address)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def promote_oldest(session: AsyncSession, *, customer_id: str) -> None:
    """Make the oldest remaining address the default (after the default one was removed)."""
    oldest = await session.scalar(
        select(Address.id)
        .where(Address.customer_id == customer_id)
        .order_by(Address.created_at, Address.id)
        .limit(1)
    )
    if oldest is not None:
        await session.execute(
            update(Address)
            .where(Address.id == oldest)
            .values(is_default=True, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )


async def page_of_addresses(
    session: AsyncSession, *, customer_id: str, offset: int, limit: int
) -> tuple[list[Address], int]:
    """One page of the customer's addresses, in the customer's order (the default first,
    then oldest first), and how many it has."""
    query = (
        select(Address)
        .where(Address.customer_id == customer_id)
        .order_by(Address.is_default.desc(), Address.created_at, Address.id)
        .offset(offset)
        .limit(limit)
    )
    total = await session.scalar(
        select(func.count()).select_from(Address).where(Address.customer_id == customer_id)
    )
    return list(await session.scalars(query)), total or 0


def address_row(address: Address) -> Mapping[str, Any]:
    """The mapping the serialiser takes, from a flushed ORM address."""
    return {column.key: getattr(address, column.key) for column in Address.__table__.columns}
