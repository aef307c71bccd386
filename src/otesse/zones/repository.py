"""Every query on zones."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.models import ZoneZip


async def zone_id_for_zip(
    session: AsyncSession, *, account_id: str, mode: str, zip_code: str
) -> str | None:
    """The zone whose ZIP codes hold this address ZIP (its first five digits), if any."""
    return await session.scalar(
        select(ZoneZip.zone_id).where(
            ZoneZip.account_id == account_id,
            ZoneZip.mode == mode,
            ZoneZip.zip == zip_code[:5],
        )
    )
