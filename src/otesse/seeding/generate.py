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
from itertools import accumulate

import orjson

from otesse.core.sealing import seal
from otesse.customers.search import email_local_key, search_text
from otesse.seeding import activity, names
from otesse.seeding.batches import DAY, Batch, Plan, Row, moment, new_id

STATUSES = ("active", "inactive", "deactivated")
STATUS_CUM = tuple(accumulate((85, 10, 5)))
CONTACTS = ("email", "sms", "phone")
CONTACT_CUM = tuple(accumulate((70, 20, 10)))


def _cum(weighted: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [name for name, _ in weighted], list(accumulate(weight for _, weight in weighted))


FIRST, FIRST_CUM = _cum(names.FIRST_NAMES)
LAST, LAST_CUM = _cum(names.LAST_NAMES)
DOMAINS, DOMAIN_CUM = _cum(names.EMAIL_DOMAINS)


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
    subscription_ids, active = activity.subscriptions(
        batch, plan, rnd, customer_id, address_ids[0], created, status
    )
    completed, spent, last_booking = activity.bookings(
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
