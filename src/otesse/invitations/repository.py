"""Every query on invitations (and the few on the customer row they drive)."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import Account, Customer, Invitation


async def lock_customer(session: AsyncSession, customer_id: str) -> Customer | None:
    return await session.scalar(
        select(Customer).where(Customer.id == customer_id).with_for_update()
    )


async def supersede_invitations(
    session: AsyncSession, *, customer_id: str, moment: datetime
) -> None:
    await session.execute(
        update(Invitation)
        .where(Invitation.customer_id == customer_id, Invitation.superseded_at.is_(None))
        .values(superseded_at=moment)
    )


async def get_invitation(session: AsyncSession, invitation_id: str) -> Invitation | None:
    return await session.get(Invitation, invitation_id)


async def find_by_token_hash(session: AsyncSession, token_hash: str) -> Invitation | None:
    return await session.scalar(select(Invitation).where(Invitation.token_hash == token_hash))


async def company_name(session: AsyncSession, account_id: str) -> str:
    """The account's name: the company the pages and their disclosures speak for."""
    return await session.scalar(select(Account.name).where(Account.id == account_id)) or ""
