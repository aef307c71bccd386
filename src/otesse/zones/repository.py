"""Every query on zones."""

from collections.abc import Collection, Sequence
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.db import PerDialect, driver_connection
from otesse.core.queries import fetch_page
from otesse.models import Address, Zone, ZoneZip
from otesse.models.base import utcnow

ZONE_OF_ZIP_SQL = "SELECT zone_id FROM zone_zips WHERE account_id = $1 AND mode = $2 AND zip = $3"
SHARED_ZIP_LOCK_SQL = "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))"


def _zip_lock_key(account_id: str, mode: str, zip_code: str) -> str:
    return f"zone_zip:{account_id}:{mode}:{zip_code}"


async def zone_id_for_zip(
    session: AsyncSession, *, account_id: str, mode: str, zip_code: str
) -> str | None:
    """The zone whose ZIP codes hold this address ZIP (its first five digits), if any.

    Call it in the transaction that writes the address: on PostgreSQL it takes the ZIP's
    shared lock, so a zone claiming or releasing that ZIP concurrently either sees the new
    address when it re-zones addresses, or is seen by this look-up (a statement after the
    lock, so its snapshot is newer). Both statements go to the driver directly: every create
    with an address runs them, and through SQLAlchemy they were a fifth of its Python time.
    """
    return await ZIPS.of(session).zone_of_zip(
        session, account_id=account_id, mode=mode, zip5=zip_code[:5]
    )


ZONES_OF_ZIPS_SQL = (
    "SELECT zip, zone_id FROM zone_zips WHERE account_id = $1 AND mode = $2 AND zip = ANY($3)"
)
SHARED_ZIP_LOCKS_SQL = (
    "SELECT pg_advisory_xact_lock_shared(hashtextextended(k, 0)) FROM unnest($1::text[]) k"
)


async def zone_ids_for_zips(
    session: AsyncSession, *, account_id: str, mode: str, zip_codes: Collection[str]
) -> dict[str, str | None]:
    """:func:`zone_id_for_zip` for many ZIPs at once (the bulk import): the same locks, taken
    in one statement, then one look-up. Keyed by the ZIPs as given."""
    wanted = sorted({zip_code[:5] for zip_code in zip_codes})
    if not wanted:
        return {}
    found = await ZIPS.of(session).zones_of_zips(
        session, account_id=account_id, mode=mode, zips5=wanted
    )
    return {zip_code: found.get(zip_code[:5]) for zip_code in zip_codes}


async def find_zone(
    session: AsyncSession, principal: Principal, zone_id: str, *, for_update: bool = False
) -> Zone | None:
    """The tenant's zone; ``for_update`` also takes its row lock, so two changes of one zone
    read its ZIP codes one after the other. FOR NO KEY UPDATE: the foreign key checks of
    address writes (KEY SHARE on the zone) must not wait for it, or they would deadlock with
    it over the ZIP locks."""
    query = select(Zone).where(
        Zone.id == zone_id, Zone.account_id == principal.account_id, Zone.mode == principal.mode
    )
    if for_update:
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    return await session.scalar(query)


async def list_zones(
    session: AsyncSession, principal: Principal, *, offset: int, limit: int
) -> tuple[Sequence[Zone], int]:
    scope = (Zone.account_id == principal.account_id, Zone.mode == principal.mode)
    order = (Zone.created_at.desc(), Zone.id.desc())
    return await fetch_page(session, Zone, scope, order_by=order, offset=offset, limit=limit)


async def zips_by_zone(session: AsyncSession, zone_ids: Collection[str]) -> dict[str, list[str]]:
    by_zone: dict[str, list[str]] = {zone_id: [] for zone_id in zone_ids}
    if not zone_ids:
        return by_zone
    rows = await session.execute(
        select(ZoneZip.zone_id, ZoneZip.zip)
        .where(ZoneZip.zone_id.in_(zone_ids))
        .order_by(ZoneZip.zip)
    )
    for zone_id, zip_code in rows:
        by_zone[zone_id].append(zip_code)
    return by_zone


async def zips_taken_elsewhere(
    session: AsyncSession, principal: Principal, zone_id: str, zips: Collection[str]
) -> list[str]:
    """Those of ``zips`` that another zone of the tenant already holds."""
    if not zips:
        return []
    taken = await session.scalars(
        select(ZoneZip.zip)
        .where(
            ZoneZip.account_id == principal.account_id,
            ZoneZip.mode == principal.mode,
            ZoneZip.zip.in_(zips),
            ZoneZip.zone_id != zone_id,
        )
        .order_by(ZoneZip.zip)
    )
    return list(taken)


async def add_zips(
    session: AsyncSession, principal: Principal, zone_id: str, zips: Collection[str]
) -> None:
    """Claim ZIPs for the zone (the primary key refuses a ZIP another zone holds) and put
    every address of the tenant in those ZIPs in the zone."""
    if not zips:
        return
    await lock_zips(session, account_id=principal.account_id, mode=principal.mode, zips=zips)
    await session.execute(
        insert(ZoneZip),
        [
            {
                "account_id": principal.account_id,
                "mode": principal.mode,
                "zip": z,
                "zone_id": zone_id,
            }
            for z in zips
        ],
    )
    await session.execute(
        update(Address)
        .where(
            Address.account_id == principal.account_id,
            Address.mode == principal.mode,
            func.substr(Address.zip, 1, 5).in_(zips),
        )
        .values(zone_id=zone_id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def remove_zips(
    session: AsyncSession, principal: Principal, zone_id: str, zips: Collection[str]
) -> None:
    """Release ZIPs from the zone; its addresses in them leave the zone."""
    if not zips:
        return
    await lock_zips(session, account_id=principal.account_id, mode=principal.mode, zips=zips)
    await session.execute(delete(ZoneZip).where(ZoneZip.zone_id == zone_id, ZoneZip.zip.in_(zips)))
    await session.execute(
        update(Address)
        .where(Address.zone_id == zone_id, func.substr(Address.zip, 1, 5).in_(zips))
        .values(zone_id=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def lock_zips(
    session: AsyncSession,
    *,
    account_id: str,
    mode: str,
    zips: Collection[str],
    shared: bool = False,
) -> None:
    """PostgreSQL transaction-scoped advisory locks, one per (tenant, ZIP), taken in ZIP order
    so two zone changes never wait on each other in a cycle (a change takes all the ZIPs it
    touches in one call first; taking one again later is re-entrant). SQLite needs none: its writers
    are serialised by BEGIN IMMEDIATE."""
    keys = [_zip_lock_key(account_id, mode, zip_code) for zip_code in sorted(set(zips))]
    await ZIPS.of(session).lock(session, keys, shared=shared)


# What the ZIP look-up and locks do differently on each database, in one place.


class ZipsDialect(Protocol):
    async def zone_of_zip(
        self, session: AsyncSession, *, account_id: str, mode: str, zip5: str
    ) -> str | None: ...

    async def zones_of_zips(
        self, session: AsyncSession, *, account_id: str, mode: str, zips5: list[str]
    ) -> dict[str, str]: ...

    async def lock(self, session: AsyncSession, keys: list[str], *, shared: bool) -> None: ...


class _ZipsOnSqlite:
    async def zone_of_zip(
        self, session: AsyncSession, *, account_id: str, mode: str, zip5: str
    ) -> str | None:
        return await session.scalar(
            select(ZoneZip.zone_id).where(
                ZoneZip.account_id == account_id, ZoneZip.mode == mode, ZoneZip.zip == zip5
            )
        )

    async def zones_of_zips(
        self, session: AsyncSession, *, account_id: str, mode: str, zips5: list[str]
    ) -> dict[str, str]:
        rows = await session.execute(
            select(ZoneZip.zip, ZoneZip.zone_id).where(
                ZoneZip.account_id == account_id, ZoneZip.mode == mode, ZoneZip.zip.in_(zips5)
            )
        )
        return {row.zip: row.zone_id for row in rows}

    async def lock(self, session: AsyncSession, keys: list[str], *, shared: bool) -> None:
        """Nothing to take: BEGIN IMMEDIATE serialises SQLite's writers already."""


class _ZipsOnPostgresql:
    async def zone_of_zip(
        self, session: AsyncSession, *, account_id: str, mode: str, zip5: str
    ) -> str | None:
        connection: Any = await driver_connection(session)
        await connection.execute(SHARED_ZIP_LOCK_SQL, _zip_lock_key(account_id, mode, zip5))
        zone_id: str | None = await connection.fetchval(ZONE_OF_ZIP_SQL, account_id, mode, zip5)
        return zone_id

    async def zones_of_zips(
        self, session: AsyncSession, *, account_id: str, mode: str, zips5: list[str]
    ) -> dict[str, str]:
        connection: Any = await driver_connection(session)
        # Sorted: two imports taking the same ZIPs' locks take them in the same order.
        keys = [_zip_lock_key(account_id, mode, zip5) for zip5 in zips5]
        await connection.execute(SHARED_ZIP_LOCKS_SQL, keys)
        rows = await connection.fetch(ZONES_OF_ZIPS_SQL, account_id, mode, zips5)
        return {row["zip"]: row["zone_id"] for row in rows}

    async def lock(self, session: AsyncSession, keys: list[str], *, shared: bool) -> None:
        lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        for key in keys:
            await session.execute(text(f"SELECT {lock}(hashtextextended(:key, 0))"), {"key": key})


ZIPS: PerDialect[ZipsDialect] = PerDialect(sqlite=_ZipsOnSqlite(), postgresql=_ZipsOnPostgresql())
