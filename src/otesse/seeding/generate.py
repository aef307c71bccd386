"""Demo rows, generated a batch of customers at a time, with stats that match their rows.

Everything a customer owns (addresses, subscriptions, bookings, invoices and their line items)
is generated together with it, so its stats columns are computed from exactly the rows written:
total_bookings = completed bookings, total_spent = sum of amount_paid, last_booking_at = latest
completed scheduled_at, active_subscriptions = subscriptions in status active.

Values are plain Python (str, int, bool, None, naive UTC datetime, date); the loaders turn them
into each database's format. Times are whole seconds (no microseconds).
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

import orjson
from ulid import ULID

from otesse.core.sealing import seal
from otesse.customers.search import email_local_key, search_text
from otesse.seeding import names
from otesse.seeding.columns import TABLES

Row = tuple[Any, ...]
EPOCH = datetime(1970, 1, 1)

DAY = 86_400
STATUSES = ("active", "inactive", "deactivated")
STATUS_CUM = tuple(accumulate((85, 10, 5)))
CONTACTS = ("email", "sms", "phone")
CONTACT_CUM = tuple(accumulate((70, 20, 10)))
FREQUENCIES = ("weekly", "biweekly", "monthly")


def _cum(weighted: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [name for name, _ in weighted], list(accumulate(weight for _, weight in weighted))


FIRST, FIRST_CUM = _cum(names.FIRST_NAMES)
LAST, LAST_CUM = _cum(names.LAST_NAMES)
DOMAINS, DOMAIN_CUM = _cum(names.EMAIL_DOMAINS)


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


def generate(plan: Plan) -> Batch:
    rnd = random.Random(plan.seed * 1_000_003 + plan.start)  # noqa: S311 - demo data, reproducible
    count = plan.count
    firsts = rnd.choices(FIRST, cum_weights=FIRST_CUM, k=count)
    lasts = rnd.choices(LAST, cum_weights=LAST_CUM, k=count)
    domains = rnd.choices(DOMAINS, cum_weights=DOMAIN_CUM, k=count)
    statuses = rnd.choices(STATUSES, cum_weights=STATUS_CUM, k=count)
    contacts = rnd.choices(CONTACTS, cum_weights=CONTACT_CUM, k=count)
    zip_codes = list(plan.zips)
    step = (plan.end - plan.begin) / max(plan.total, 1)
    batch = Batch()
    for offset in range(count):
        number = plan.start + offset
        created = int(plan.begin + number * step + rnd.random() * step)
        _customer(
            batch,
            plan,
            rnd,
            number,
            created,
            firsts[offset],
            lasts[offset],
            domains[offset],
            statuses[offset],
            contacts[offset],
            zip_codes,
        )
    return batch


# Tags by the customer's number, not drawn from the random stream (the rest of the data
# stays as it was): `vip` on 5% of customers (the bench's `tag=` row), `pets` on 10%,
# `key-holder` on 2%. A customer's tags are its number's, in this order.
TAGS_BY_NUMBER = (("vip", 20, 7), ("pets", 10, 3), ("key-holder", 50, 11))


def tags_of(number: int) -> list[str]:
    return [tag for tag, every, at in TAGS_BY_NUMBER if number % every == at]


def _phone(rnd: random.Random) -> str | None:
    if rnd.random() < 0.08:
        return None
    area = rnd.choice(names.AREA_CODES)
    return f"+1{area}{rnd.randint(200, 999)}{rnd.randint(0, 9999):04d}"


def _email(rnd: random.Random, first: str, last: str, domain: str, number: int) -> str:
    # The number makes every email unique; the shape varies as real addresses do.
    local = rnd.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}", first))
    # ASCII local parts: "José" writes jose..., as most mail providers require.
    ascii_local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    ascii_local = "".join(ch for ch in ascii_local if ch.isalnum() or ch == ".").strip(".")
    return f"{ascii_local.casefold() or 'customer'}{number}@{domain}"


def _customer(
    batch: Batch,
    plan: Plan,
    rnd: random.Random,
    number: int,
    created: int,
    first: str,
    last: str,
    domain: str,
    status: str,
    contact: str,
    zip_codes: list[str],
) -> None:
    customer_id = new_id("cust", created + rnd.random())
    email = _email(rnd, first, last, domain, number)
    phone = _phone(rnd)
    address_ids = _addresses(batch, plan, rnd, customer_id, created, zip_codes)
    subscription_ids, active = _subscriptions(
        batch, plan, rnd, customer_id, address_ids[0], created, status
    )
    completed, spent, last_booking = _bookings(
        batch, plan, rnd, customer_id, address_ids[0], subscription_ids, created, status
    )
    updated = max(created, min(plan.now, created + rnd.randint(0, 200) * DAY))
    tags = tags_of(number)
    batch.rows["customer_tags"].extend(
        (customer_id, tag, plan.account_id, plan.mode, moment(created)) for tag in tags
    )
    batch.rows["customers"].append(
        (
            customer_id,
            plan.account_id,
            plan.mode,
            first,
            last,
            email,
            email.casefold(),
            phone,
            status,
            contact,
            # No one is seeded opted in to marketing: consent is what the ledger records,
            # and the seed writes no consent records.
            False,
            search_text(first, last, email, phone),
            completed,
            spent,
            None if last_booking is None else moment(last_booking),
            active,
            active > 0,
            False,
            None,
            None,
            None,
            False,
            False,
            False,
            None,  # external_id
            "{}",  # metadata_map (JSON text)
            orjson.dumps(tags).decode(),
            None,  # merged_into
            email_local_key(email),
            None,  # erased_at
            moment(created),
            moment(updated),
        )
    )


def _addresses(
    batch: Batch,
    plan: Plan,
    rnd: random.Random,
    customer_id: str,
    created: int,
    zip_codes: list[str],
) -> list[str]:
    ids = []
    how_many = 2 if rnd.random() < 0.25 else 1
    for position in range(how_many):
        at = created + position * rnd.randint(1, 300) * DAY // 3
        at = min(at, plan.now)
        zip_code = rnd.choice(zip_codes)
        zone_id, city, state = plan.zips[zip_code]
        address_id = new_id("addr", at + rnd.random())
        label = "Home" if position == 0 else rnd.choice(("Office", "Rental", "Cabin", None))
        street = (
            f"{rnd.randint(1, 9999)} {rnd.choice(names.STREET_NAMES)} "
            f"{rnd.choice(names.STREET_SUFFIXES)}"
        )
        # Sealed at rest like every stored access note (core/sealing.py).
        notes = seal(rnd.choice(names.ACCESS_NOTES), address_id) if rnd.random() < 0.1 else None
        when = moment(at)
        batch.rows["addresses"].append(
            (
                address_id,
                plan.account_id,
                plan.mode,
                customer_id,
                label,
                street,
                city,
                state,
                zip_code,
                notes,
                position == 0,
                zone_id,
                when,
                when,
            )
        )
        ids.append(address_id)
    return ids


def _subscriptions(
    batch: Batch,
    plan: Plan,
    rnd: random.Random,
    customer_id: str,
    address_id: str,
    created: int,
    customer_status: str,
) -> tuple[list[str], int]:
    if rnd.random() >= 0.2:
        return [], 0
    at = min(plan.now, created + rnd.randint(0, 60) * DAY)
    roll = rnd.random()
    status = "active" if roll < 0.75 else "paused" if roll < 0.85 else "cancelled"
    if customer_status == "deactivated":
        status = "cancelled"  # deactivation cancels active subscriptions
    service, _, price = rnd.choice(names.SERVICES)
    changed = min(plan.now, at + rnd.randint(1, 120) * DAY)
    subscription_id = new_id("sub", at + rnd.random())
    batch.rows["subscriptions"].append(
        (
            subscription_id,
            plan.account_id,
            plan.mode,
            customer_id,
            address_id,
            service,
            rnd.choice(FREQUENCIES),
            price,
            "usd",
            (moment(at) + timedelta(days=7)).date(),
            status,
            moment(changed) if status == "paused" else None,
            moment(changed) if status == "cancelled" else None,
            moment(at),
            moment(changed if status != "active" else at),
        )
    )
    return [subscription_id], int(status == "active")


def _bookings(
    batch: Batch,
    plan: Plan,
    rnd: random.Random,
    customer_id: str,
    address_id: str,
    subscription_ids: list[str],
    created: int,
    customer_status: str,
) -> tuple[int, int, int | None]:
    """Bookings (and an invoice per completed one); returns the customer's stats."""
    how_many = 0 if rnd.random() < 0.4 else min(8, 1 + int(rnd.expovariate(0.6)))
    completed = spent = 0
    last: int | None = None
    for _ in range(how_many):
        booked = min(plan.now, created + rnd.randint(0, 400) * DAY)
        scheduled = booked + rnd.randint(1, 45) * DAY + rnd.randint(8, 17) * 3600 - booked % DAY
        service, duration, price = rnd.choice(names.SERVICES)
        cancelled_at = completed_at = None
        if scheduled >= plan.now:
            status = (
                "cancelled"
                if customer_status == "deactivated"
                else rnd.choice(("scheduled", "confirmed"))
            )
            if status == "cancelled":
                cancelled_at = moment(min(plan.now, booked + DAY))
        elif rnd.random() < 0.85:
            status = "completed"
            completed_at = moment(scheduled + duration * 60)
        else:
            status = "cancelled"
            cancelled_at = moment(min(scheduled, booked + DAY))
        booking_id = new_id("bkg", booked + rnd.random())
        subscription_id = subscription_ids[0] if subscription_ids and rnd.random() < 0.5 else None
        updated = completed_at or cancelled_at or moment(booked)
        batch.rows["bookings"].append(
            (
                booking_id,
                plan.account_id,
                plan.mode,
                customer_id,
                address_id,
                subscription_id,
                service,
                status,
                moment(scheduled),
                duration,
                price,
                "usd",
                None,
                completed_at,
                cancelled_at,
                moment(booked),
                updated,
            )
        )
        if status == "completed":
            completed += 1
            last = scheduled if last is None else max(last, scheduled)
            spent += _invoice(
                batch, plan, rnd, customer_id, booking_id, service, price, scheduled + duration * 60
            )
    return completed, spent, last


def _invoice(
    batch: Batch,
    plan: Plan,
    rnd: random.Random,
    customer_id: str,
    booking_id: str,
    service: str,
    price: int,
    issued: int,
) -> int:
    """One invoice for a completed booking, with its line items; returns its amount_paid."""
    invoice_id = new_id("inv", issued + rnd.random())
    lines = [(service.replace("_", " ").capitalize(), 1, price)]
    if rnd.random() < 0.3:
        description, unit = rnd.choice(names.ADD_ONS)
        lines.append((description, rnd.randint(1, 3), unit))
    due = 0
    for position, (description, quantity, unit) in enumerate(lines, start=1):
        due += quantity * unit
        batch.rows["invoice_line_items"].append(
            (
                new_id("ili", issued + rnd.random()),
                invoice_id,
                position,
                description,
                quantity,
                unit,
                quantity * unit,
            )
        )
    roll = rnd.random()
    status = "paid" if roll < 0.9 else "open" if roll < 0.97 else "void"
    settled = min(plan.now, issued + rnd.randint(0, 14) * DAY)
    paid = due if status == "paid" else 0
    batch.rows["invoices"].append(
        (
            invoice_id,
            plan.account_id,
            plan.mode,
            customer_id,
            booking_id,
            status,
            "usd",
            due,
            paid,
            moment(issued),
            moment(settled) if status == "paid" else None,
            moment(settled) if status == "void" else None,
            moment(issued),
            moment(settled if status != "open" else issued),
        )
    )
    return paid


def zone_rows(
    account_id: str, mode: str, at: int
) -> tuple[list[Row], list[Row], dict[str, tuple[str, str, str]]]:
    """The seed's zones and their ZIP codes, and the zip -> (zone_id, city, state) map."""
    zones: list[Row] = []
    zips: list[Row] = []
    by_zip: dict[str, tuple[str, str, str]] = {}
    for index, (name, city, state, codes) in enumerate(names.ZONES):
        zone_id = new_id("zone", at + index + 0.5)  # a float: seconds, not milliseconds
        when = moment(at + index)
        zones.append((zone_id, account_id, mode, name, when, when))
        for code in codes:
            zips.append((account_id, mode, code, zone_id))
            by_zip[code] = (zone_id, city, state)
    return zones, zips, by_zip
