"""What a seeded customer did: its subscriptions, bookings and invoices (generate.py calls
these for each customer, so its stats are computed from exactly these rows)."""

import random
from datetime import timedelta

from otesse.seeding import names
from otesse.seeding.batches import DAY, Batch, Plan, moment, new_id

FREQUENCIES = ("weekly", "biweekly", "monthly")


def subscriptions(
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


def bookings(
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
            spent += invoice(
                batch, plan, rnd, customer_id, booking_id, service, price, scheduled + duration * 60
            )
    return completed, spent, last


def invoice(
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
