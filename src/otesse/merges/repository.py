"""The rows a merge moves from the source customer to the target, each table in one UPDATE."""

from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Address, Booking, Invitation, Invoice, Subscription
from otesse.models.base import utcnow

OWNED: dict[str, Any] = {
    "bookings": Booking,
    "subscriptions": Subscription,
    "invoices": Invoice,
    "invitations": Invitation,
}


async def move_owned_rows(
    session: AsyncSession, *, source_id: str, target_id: str
) -> dict[str, int]:
    """Move every row the source owns to the target; how many of each moved.

    The target's default address stays the default: the source's is demoted first when the
    target has one (one default per customer is a unique index). The source's invitations
    that are still open are superseded: their links named the source's email, which the
    merge releases."""
    target_has_default = await session.scalar(
        select(exists().where(Address.customer_id == target_id, Address.is_default))
    )
    if target_has_default:
        await session.execute(
            update(Address)
            .where(Address.customer_id == source_id, Address.is_default)
            .values(is_default=False, updated_at=utcnow())
        )
    await session.execute(
        update(Invitation)
        .where(Invitation.customer_id == source_id, Invitation.superseded_at.is_(None))
        .values(superseded_at=utcnow())
    )
    moved = {}
    for name, table in {"addresses": Address, **OWNED}.items():
        result: Any = await session.execute(
            update(table)
            .where(table.customer_id == source_id)
            .values(customer_id=target_id)
            .execution_options(synchronize_session=False)
        )
        moved[name] = int(result.rowcount or 0)
    return moved
