"""Zone rules: a ZIP belongs to at most one zone of a tenant, and every address follows the
zone of its ZIP, moved in the same transaction as the zone change."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core import events
from otesse.core.errors import Conflict, NotFound
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.models import Zone
from otesse.models.base import utcnow
from otesse.zones import repository
from otesse.zones.schemas import ZoneCreate, ZoneUpdate


def render_zone(zone: Zone, zip_codes: list[str]) -> dict[str, Any]:
    return {
        "id": zone.id,
        "name": zone.name,
        "zip_codes": zip_codes,
        "created_at": timestamp(zone.created_at),
        "updated_at": timestamp(zone.updated_at),
    }


async def create_zone(
    session: AsyncSession, principal: Principal, body: ZoneCreate
) -> dict[str, Any]:
    zone = Zone(
        id=new_id("zone"), account_id=principal.account_id, mode=principal.mode, name=body.name
    )
    session.add(zone)
    await session.flush()
    zips = sorted(set(body.zip_codes))
    await _claim(session, principal, zone.id, zips)
    rendered = render_zone(zone, zips)
    await events.record_resource(session, zone, "zone.created", rendered, None)
    return rendered


async def get_zone(session: AsyncSession, principal: Principal, zone_id: str) -> dict[str, Any]:
    zone = await _zone_or_404(session, principal, zone_id)
    zips = await repository.zips_by_zone(session, [zone.id])
    return render_zone(zone, zips[zone.id])


async def update_zone(
    session: AsyncSession, principal: Principal, zone_id: str, body: ZoneUpdate
) -> dict[str, Any]:
    # The zone row first (then ZIP locks, then the addresses re-zoned): a concurrent change of
    # the same zone must see the ZIP codes this one leaves, not those it started from.
    zone = await _zone_or_404(session, principal, zone_id, for_update=True)
    current = (await repository.zips_by_zone(session, [zone.id]))[zone.id]
    before = render_zone(zone, current)
    zips = current
    if body.zip_codes is not None:
        zips = sorted(set(body.zip_codes))
        removed, added = set(current) - set(zips), sorted(set(zips) - set(current))
        await repository.lock_zips(
            session,
            account_id=principal.account_id,
            mode=principal.mode,
            zips=removed.union(added),
        )
        await repository.remove_zips(session, principal, zone.id, removed)
        await _claim(session, principal, zone.id, added)
    if body.name is not None:
        zone.name = body.name
    zone.updated_at = utcnow()
    await session.flush()
    rendered = render_zone(zone, zips)
    await events.record_resource(session, zone, "zone.updated", rendered, before)
    return rendered


async def list_zones(
    session: AsyncSession, principal: Principal, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    zones, total = await repository.list_zones(session, principal, offset=offset, limit=limit)
    zips = await repository.zips_by_zone(session, [zone.id for zone in zones])
    return [render_zone(zone, zips[zone.id]) for zone in zones], total


async def _zone_or_404(
    session: AsyncSession, principal: Principal, zone_id: str, *, for_update: bool = False
) -> Zone:
    zone = await repository.find_zone(session, principal, zone_id, for_update=for_update)
    if zone is None:
        raise NotFound(f"No such zone: '{zone_id}'.")
    return zone


async def _claim(
    session: AsyncSession, principal: Principal, zone_id: str, zips: list[str]
) -> None:
    """Claim the ZIPs, or 409 ``zip_taken`` naming one another zone holds.

    The ZIP locks make the look-up see any concurrent claim once it committed; the primary key
    of zone_zips stays the last word (a racing INSERT fails inside the savepoint).
    """
    await repository.lock_zips(
        session, account_id=principal.account_id, mode=principal.mode, zips=zips
    )
    taken = await repository.zips_taken_elsewhere(session, principal, zone_id, zips)
    if not taken:
        try:
            async with session.begin_nested():
                await repository.add_zips(session, principal, zone_id, zips)
            return
        except IntegrityError:
            taken = await repository.zips_taken_elsewhere(session, principal, zone_id, zips)
    zip_code = taken[0] if taken else "one of zip_codes"
    raise Conflict(
        f"ZIP code {zip_code} already belongs to another zone.",
        code="zip_taken",
        param="zip_codes",
    )
