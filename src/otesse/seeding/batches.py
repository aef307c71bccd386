"""What the seed's generators share: a batch's plan, its rows, and ids and times.

Values are plain Python (str, int, bool, None, naive UTC datetime, date); the loaders turn them
into each database's format. Times are whole seconds (no microseconds).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ulid import ULID

from otesse.seeding.columns import TABLES

Row = tuple[Any, ...]
EPOCH = datetime(1970, 1, 1)
DAY = 86_400


@dataclass(frozen=True, slots=True)
class Plan:
    """What one batch generates: customers number `start` to `start + count - 1` of `total`,
    created evenly (with jitter) between `begin` and `end` (epoch seconds), in that order."""

    account_id: str
    mode: str
    start: int
    count: int
    total: int
    begin: int
    end: int
    now: int
    # zip -> (zone_id, city, state)
    zips: dict[str, tuple[str, str, str]]
    seed: int = 0


@dataclass(slots=True)
class Batch:
    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def moment(epoch_seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=epoch_seconds)


def new_id(prefix: str, epoch_seconds: float) -> str:
    """An id whose ULID time is the row's creation time, so id order follows created_at."""
    return f"{prefix}_{ULID.from_timestamp(epoch_seconds)}"
