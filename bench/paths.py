"""The request paths of the real-traffic scenarios, drawn from the seeded data itself.

Nothing here is a hand-picked list: the terms are stored names, surnames, email domains and
phone numbers of customers sampled at random from the tenant (so common names come up as
often as they are common), the filter values are the tenant's zones and its range of creation
dates, and the pages span each list's whole range. Each scenario gets a file of paths
(bench/var/runs/<run>/paths/<scenario>.txt); wrk takes one at random per request (kind
`paths`) or walks it in order from a random line (kind `sequence`: typing, each zone in
turn). See
docs/performance.md ("What each scenario sends").
"""

import asyncio
import random
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import asyncpg

PER_PAGE = 25  # the lists' default page size (core/pagination.py)
SAMPLE = 2_000  # customers sampled for the terms and the sub-resources
LINES = 5_000  # paths per file (kind `paths`): far more than the distinct values of most sets
CUSTOMER_STATUSES = ("active", "inactive", "deactivated")
BOOKING_STATUSES = ("scheduled", "confirmed", "in_progress", "completed", "cancelled")
# Strings made of these letters in this order are in no seeded name, email or phone (checked
# against the tenant's rows before use).
NOTHING_LETTERS = "qxzjvkw"


@dataclass(slots=True)
class Seeded:
    """What the sets are drawn from, read once from the tenant's rows."""

    customers: list[dict[str, Any]]  # sampled: id, first_name, last_name, email, phone
    total: int
    zones: list[str]
    created_range: tuple[datetime, datetime]
    common_first: list[tuple[str, int]]  # the commonest first names and their customers
    bookings_total: int
    bookings_by_status: dict[str, int]
    scheduled_range: tuple[datetime, datetime]
    bookings_created_range: tuple[datetime, datetime]
    sampled_subscriptions: list[str] = field(default_factory=list)


class Reader:
    """The same few read-only queries on PostgreSQL (asyncpg) and SQLite (sqlite3).

    Written with `?` placeholders; turned into `$n` for asyncpg."""

    def __init__(self, dsn: str | None, sqlite_path: Path | None) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        if dsn is not None:
            self._loop = asyncio.new_event_loop()
            self._pg = self._loop.run_until_complete(asyncpg.connect(dsn))
        else:
            assert sqlite_path is not None
            self._sqlite = sqlite3.connect(sqlite_path)

    @property
    def postgresql(self) -> bool:
        return self._pg is not None

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        if self._pg is not None and self._loop is not None:
            parts = sql.split("?")
            numbered = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], 1))
            found = self._loop.run_until_complete(self._pg.fetch(numbered, *args))
            return [tuple(row) for row in found]
        assert self._sqlite is not None
        return list(self._sqlite.execute(sql, args).fetchall())

    def value(self, sql: str, *args: Any) -> Any:
        found = self.rows(sql, *args)
        return found[0][0] if found else None

    def close(self) -> None:
        if self._pg is not None and self._loop is not None:
            self._loop.run_until_complete(self._pg.close())
            self._loop.close()
        if self._sqlite is not None:
            self._sqlite.close()


def _moment(value: Any) -> datetime:
    """A timestamp column's value (a datetime from asyncpg, text from SQLite) in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace(" ", "T"))
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _range(reader: Reader, table: str, column: str, tenant: tuple[str, str]) -> tuple[Any, Any]:
    low, high = reader.rows(
        f"SELECT min({column}), max({column}) FROM {table} WHERE account_id = ? AND mode = ?",
        *tenant,
    )[0]
    now = datetime.now(UTC)
    return (_moment(low) if low else now, _moment(high) if high else now)


def read_seeded(reader: Reader, account_id: str, mode: str, total: int) -> Seeded:
    tenant = (account_id, mode)
    random_order = "random()"
    customers = [
        {"id": row[0], "first_name": row[1], "last_name": row[2], "email": row[3], "phone": row[4]}
        for row in reader.rows(
            "SELECT id, first_name, last_name, email, phone FROM customers "
            f"WHERE account_id = ? AND mode = ? ORDER BY {random_order} LIMIT {SAMPLE}",
            *tenant,
        )
    ]
    common = Counter(customer["first_name"] for customer in customers).most_common(5)
    common_first = [
        (
            name,
            int(
                reader.value(
                    "SELECT count(*) FROM customers WHERE account_id = ? AND mode = ? "
                    "AND first_name = ?",
                    *tenant,
                    name,
                )
            ),
        )
        for name, _ in common
    ]
    by_status = dict(
        reader.rows(
            "SELECT status, count(*) FROM bookings WHERE account_id = ? AND mode = ? "
            "GROUP BY status",
            *tenant,
        )
    )
    zones = [
        row[0]
        for row in reader.rows(
            "SELECT DISTINCT zone_id FROM zone_zips WHERE account_id = ? AND mode = ? "
            "ORDER BY zone_id",
            *tenant,
        )
    ]
    subscriptions = [
        row[0]
        for row in reader.rows(
            "SELECT id FROM subscriptions WHERE account_id = ? AND mode = ? "
            f"ORDER BY {random_order} LIMIT 200",
            *tenant,
        )
    ]
    return Seeded(
        customers=customers,
        total=total,
        zones=zones,
        created_range=_range(reader, "customers", "created_at", tenant),
        common_first=common_first,
        bookings_total=sum(int(n) for n in by_status.values()),
        bookings_by_status={str(k): int(v) for k, v in by_status.items()},
        scheduled_range=_range(reader, "bookings", "scheduled_at", tenant),
        bookings_created_range=_range(reader, "bookings", "created_at", tenant),
        sampled_subscriptions=subscriptions,
    )


def matching_nothing(reader: Reader, account_id: str, mode: str, rnd: random.Random) -> list[str]:
    """Strings in no customer's search text, checked against every row of the tenant."""
    candidates = sorted(
        {"".join(rnd.choices(NOTHING_LETTERS, k=rnd.randint(5, 9))) for _ in range(60)}
    )
    found = []
    for candidate in candidates:
        # A constant, not a parameter (the candidate is letters only): PostgreSQL then plans
        # the trigram index for it, where a parameter may get a generic plan's full scan.
        contains = f"search_text LIKE '%{candidate}%'"
        if not reader.value(
            "SELECT EXISTS (SELECT 1 FROM customers "
            f"WHERE account_id = ? AND mode = ? AND {contains})",
            account_id,
            mode,
        ):
            found.append(candidate)
    return found[:40]


# --- the sets -----------------------------------------------------------------------------

Draw = Callable[[random.Random], str]


def _customers(query: dict[str, Any]) -> str:
    return "/v1/customers?" + urlencode(query, quote_via=quote)


def _pages(total: int) -> int:
    return max(1, (total + PER_PAGE - 1) // PER_PAGE)


def _date_between(rnd: random.Random, low: datetime, high: datetime) -> date:
    span = max(0, (high.date() - low.date()).days)
    return low.date() + timedelta(days=rnd.randint(0, span))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _fragment(rnd: random.Random, names: list[str], size: int) -> str:
    while True:
        name = _letters(rnd.choice(names))
        if len(name) >= size:
            start = rnd.randrange(len(name) - size + 1)
            return name[start : start + size]


def _typing(customers: list[dict[str, Any]]) -> Iterator[str]:
    """Every prefix from 2 characters up of "first last", one customer after another."""
    for customer in customers[:300]:
        typed = f"{customer['first_name']} {customer['last_name']}"
        for end in range(2, len(typed) + 1):
            yield _customers({"search": typed[:end]})


def _phone_tail(rnd: random.Random, phones: list[str]) -> str:
    digits = rnd.choice(phones).lstrip("+")
    return digits[-rnd.randint(4, 7) :]


def _created_after(rnd: random.Random, seeded: Seeded) -> str:
    return _date_between(rnd, *seeded.created_range).isoformat()


def _combined(rnd: random.Random, seeded: Seeded) -> str:
    """Two to four of the seed's filters together, each with a random value."""
    choices: dict[str, Callable[[], str]] = {
        "status": lambda: rnd.choice(CUSTOMER_STATUSES),
        "has_subscription": lambda: rnd.choice(("true", "false")),
        "zone_id": lambda: rnd.choice(seeded.zones),
        "created_after": lambda: _created_after(rnd, seeded),
    }
    if not seeded.zones:
        del choices["zone_id"]
    names = rnd.sample(sorted(choices), rnd.randint(2, len(choices)))
    return _customers({name: choices[name]() for name in sorted(names)})


def _bookings_filtered(rnd: random.Random, seeded: Seeded) -> str:
    """One or more of the Bookings list's filters, random values, a page among the first 10."""
    query: dict[str, Any] = {}
    kinds = ["status", "zone_id", "scheduled_after", "scheduled_before", "created_after", "sort"]
    if not seeded.zones:
        kinds.remove("zone_id")
    for kind in rnd.sample(kinds, rnd.randint(1, 3)):
        if kind == "status":
            query[kind] = rnd.choice(BOOKING_STATUSES)
        elif kind == "zone_id":
            query[kind] = rnd.choice(seeded.zones)
        elif kind in ("scheduled_after", "scheduled_before"):
            query[kind] = _date_between(rnd, *seeded.scheduled_range).isoformat()
        elif kind == "created_after":
            query[kind] = _date_between(rnd, *seeded.bookings_created_range).isoformat()
        else:
            query[kind] = rnd.choice(("scheduled_at", "-scheduled_at"))
    query["page"] = rnd.randint(1, 10)
    return "/v1/bookings?" + urlencode(query, quote_via=quote)


def _booking_status_page(rnd: random.Random, seeded: Seeded) -> str:
    present = [s for s in BOOKING_STATUSES if seeded.bookings_by_status.get(s)] or ["completed"]
    status = rnd.choice(present)
    page = rnd.randint(1, _pages(seeded.bookings_by_status.get(status, 0)))
    return f"/v1/bookings?status={status}&page={page}"


def draws(seeded: Seeded, nothing: list[str]) -> dict[str, Draw | list[str]]:
    """Per scenario: a function drawing one path, or the whole ordered list (`sequence`)."""
    customers = seeded.customers
    firsts = [c["first_name"] for c in customers]
    lasts = [c["last_name"] for c in customers]
    names = firsts + lasts
    domains = [c["email"].rsplit("@", 1)[1] for c in customers]
    phones = [c["phone"] for c in customers if c["phone"]]
    ids = [c["id"] for c in customers]
    common = [name for name, _ in seeded.common_first] or firsts[:1]
    common_pages = dict(seeded.common_first)

    def page_of_common(rnd: random.Random) -> str:
        name = rnd.choice(common)
        last_page = max(2, min(300, _pages(common_pages.get(name, 0))))
        return _customers({"search": name, "page": rnd.randint(2, last_page)})

    return {
        "get": lambda rnd: f"/v1/customers/{rnd.choice(ids)}",
        "search_first": lambda rnd: _customers({"search": rnd.choice(firsts)}),
        "search_last_active": lambda rnd: _customers(
            {"search": rnd.choice(lasts), "status": "active"}
        ),
        "search_domain": lambda rnd: _customers({"search": rnd.choice(domains)}),
        "search_frag3": lambda rnd: _customers({"search": _fragment(rnd, names, 3)}),
        "search_frag2": lambda rnd: _customers({"search": _fragment(rnd, names, 2)}),
        "search_typing": list(_typing(customers)),
        "search_phone_tail": lambda rnd: _customers({"search": _phone_tail(rnd, phones)}),
        "search_nothing": lambda rnd: _customers({"search": rnd.choice(nothing)}),
        "filter_zone": [_customers({"zone_id": zone}) for zone in seeded.zones],
        "filter_created": lambda rnd: _customers({"created_after": _created_after(rnd, seeded)}),
        "filter_created_status": lambda rnd: _customers(
            {"created_after": _created_after(rnd, seeded), "status": rnd.choice(CUSTOMER_STATUSES)}
        ),
        "filter_status_sub": lambda rnd: _customers(
            rnd.choice(
                (
                    {"status": rnd.choice(CUSTOMER_STATUSES)},
                    {"has_subscription": rnd.choice(("true", "false"))},
                    {
                        "status": rnd.choice(CUSTOMER_STATUSES),
                        "has_subscription": rnd.choice(("true", "false")),
                    },
                )
            )
        ),
        "filter_combined": lambda rnd: _combined(rnd, seeded),
        "page_random": lambda rnd: _customers({"page": rnd.randint(1, _pages(seeded.total))}),
        "page_common_term": page_of_common,
        "bookings_page": lambda rnd: (
            f"/v1/bookings?page={rnd.randint(1, _pages(seeded.bookings_total))}"
        ),
        "bookings_status": lambda rnd: _booking_status_page(rnd, seeded),
        "bookings_filtered": lambda rnd: _bookings_filtered(rnd, seeded),
        "customer_bookings": lambda rnd: f"/v1/customers/{rnd.choice(ids)}/bookings",
        "customer_invoices": lambda rnd: f"/v1/customers/{rnd.choice(ids)}/invoices",
        "duplicates": lambda rnd: f"/v1/customers/{rnd.choice(ids)}/duplicates",
        # No /v1/customers/{id}/subscriptions: the subscriptions list takes customer_id.
        "customer_subscriptions": lambda rnd: f"/v1/subscriptions?customer_id={rnd.choice(ids)}",
        "customer_addresses": lambda rnd: f"/v1/customers/{rnd.choice(ids)}/addresses",
    }


def write_sets(seeded: Seeded, nothing: list[str], folder: Path, seed: int) -> dict[str, Path]:
    """One file per scenario; the same files are sent to both sides."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.txt"):
        stale.unlink()
    files = {}
    for name, draw in draws(seeded, nothing).items():
        rnd = random.Random(f"{seed}:{name}")
        lines = draw if isinstance(draw, list) else [draw(rnd) for _ in range(LINES)]
        if not lines:
            continue  # e.g. no zones in this dataset
        path = folder / f"{name}.txt"
        path.write_text("\n".join(lines) + "\n")
        files[name] = path
    return files


def build(
    *,
    dsn: str | None,
    sqlite_path: Path | None,
    account_id: str,
    mode: str,
    total: int,
    folder: Path,
    seed: int,
) -> dict[str, Path]:
    reader = Reader(dsn, sqlite_path)
    try:
        seeded = read_seeded(reader, account_id, mode, total)
        nothing = matching_nothing(reader, account_id, mode, random.Random(seed))
    finally:
        reader.close()
    return write_sets(seeded, nothing, folder, seed)
