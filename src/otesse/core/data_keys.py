"""``otesse data-keys rotate``: re-seal every sealed value under the ring's newest key.

Online and resumable: each batch is its own short transaction, read by primary key after the
last one done, and each row is written only if it still holds the value read
(compare-and-set), so a request that changed the row meanwhile wins (what it wrote is sealed
under the newest key already). Stopped at any point, a second run starts over and skips the
rows already under the newest key. A row under a key the ring does not hold stops the run
with its count; nothing is lost, the row is left as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from otesse.core.db import Database
from otesse.core.sealing import KeyRing


@dataclass(frozen=True, slots=True)
class SealedColumn:
    """A column holding sealed text: its table, primary key and associated data."""

    table: str
    column: str
    key: tuple[str, ...]
    bound_to: Callable[[Any], str]


# Every sealed column of the schema (docs/privacy.md). An address's note is bound to its id,
# an event's data to the event's; a stored idempotent answer to its key row
# (core/idempotency.py).
SEALED_COLUMNS = (
    SealedColumn("addresses", "access_notes", ("id",), lambda row: row.id),
    SealedColumn("events", "data", ("id",), lambda row: row.id),
    # A webhook endpoint's signing secrets (webhooks/secrets.py), bound to the endpoint.
    SealedColumn("webhook_endpoints", "secret_encrypted", ("id",), lambda row: row.id),
    SealedColumn("webhook_endpoints", "previous_secret_encrypted", ("id",), lambda row: row.id),
    SealedColumn(
        "idempotency_keys",
        "response_body",
        ("account_id", "mode", "key"),
        lambda row: f"idempotency:{row.account_id}:{row.mode}:{row.key}",
    ),
)


@dataclass(slots=True)
class Rotation:
    """Counts of one run, per column."""

    rotated: dict[str, int] = field(default_factory=dict)
    changed_meanwhile: dict[str, int] = field(default_factory=dict)


def _to_rotate(sealed: SealedColumn, ring: KeyRing) -> str:
    # Key ids hold no LIKE wildcards (sealing.KEY_ID_PATTERN).
    return (
        f"{sealed.column} IS NOT NULL AND {sealed.column} <> '' "
        f"AND {sealed.column} NOT LIKE '{ring.newest}:%'"
    )


async def pending(database: Database, ring: KeyRing) -> dict[str, int]:
    """How many values of each column are not under the newest key."""
    counts = {}
    async with database.session(read_only=True) as session:
        for sealed in SEALED_COLUMNS:
            statement = f"SELECT count(*) FROM {sealed.table} WHERE {_to_rotate(sealed, ring)}"  # noqa: S608 - fixed names
            counts[sealed.table] = int(await session.scalar(text(statement)) or 0)
    return counts


async def rotate(
    database: Database,
    ring: KeyRing,
    *,
    batch_size: int = 500,
    progress: Callable[[int], None] = lambda done: None,
) -> Rotation:
    """Re-seal every value not under ``ring.newest``; ``progress(n)`` after each batch."""
    result = Rotation()
    for sealed in SEALED_COLUMNS:
        key = ", ".join(sealed.key)
        params = ", ".join(f":{name}" for name in sealed.key)
        rows_after = (
            f"SELECT {key}, {sealed.column} AS sealed FROM {sealed.table} "  # noqa: S608 - fixed names
            f"WHERE ({key}) > ({params}) AND {_to_rotate(sealed, ring)} "
            f"ORDER BY {key} LIMIT {int(batch_size)}"
        )
        first = (
            f"SELECT {key}, {sealed.column} AS sealed FROM {sealed.table} "  # noqa: S608 - fixed names
            f"WHERE {_to_rotate(sealed, ring)} ORDER BY {key} LIMIT {int(batch_size)}"
        )
        same_row = " AND ".join(f"{name} = :{name}" for name in sealed.key)
        write = (
            f"UPDATE {sealed.table} SET {sealed.column} = :resealed "  # noqa: S608 - fixed names
            f"WHERE {same_row} AND {sealed.column} = :sealed"
        )
        rotated = changed = 0
        after: dict[str, Any] | None = None
        while True:
            async with database.transaction() as session:
                found = await session.execute(text(first if after is None else rows_after), after)
                rows = found.all()
                if not rows:
                    break
                for row in rows:
                    plain = ring.open(row.sealed, sealed.bound_to(row))
                    values = {name: getattr(row, name) for name in sealed.key}
                    written = await session.execute(
                        text(write),
                        {
                            **values,
                            "sealed": row.sealed,
                            "resealed": ring.seal(plain, sealed.bound_to(row)),
                        },
                    )
                    if written.rowcount == 1:  # type: ignore[attr-defined]
                        rotated += 1
                    else:
                        changed += 1
                after = {name: getattr(rows[-1], name) for name in sealed.key}
            progress(len(rows))
        result.rotated[sealed.table] = rotated
        result.changed_meanwhile[sealed.table] = changed
    return result
