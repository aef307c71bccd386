"""Query shapes every domain repeats."""

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

Entity = TypeVar("Entity")


async def fetch_page(
    session: AsyncSession,
    entity: type[Entity],
    conditions: Iterable[ColumnElement[bool]],
    *,
    order_by: Sequence[Any],
    offset: int,
    limit: int,
) -> tuple[Sequence[Entity], int]:
    """One page of ``entity`` rows matching ``conditions`` and the exact total of matches."""
    where = list(conditions)
    total = await session.scalar(select(func.count()).select_from(entity).where(*where))
    rows = await session.scalars(
        select(entity).where(*where).order_by(*order_by).offset(offset).limit(limit)
    )
    return rows.all(), int(total or 0)
