"""A minimal Starlette + asyncpg + orjson app answering the customers endpoints the
straightforward way: COUNT(*) for totals, ILIKE '%term%' on the trigram-indexed search_text,
OFFSET paging, one transaction for customer + address. The Bookings list (with its filters)
and a customer's bookings, invoices, subscriptions and addresses the same way. Written for
the benchmark only: it validates little and is not the service.

    BASELINE_DATABASE_URL=postgresql://... uvicorn bench.baseline.app:app --workers 2
"""

import hashlib
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from ulid import ULID

POOL: dict[str, Any] = {}
CUSTOMER_COLUMNS = (
    "id, first_name, last_name, email, phone, status, preferred_contact, marketing_opt_in, "
    "total_bookings, total_spent, last_booking_at, active_subscription, invitation_status, "
    "invitation_sent_at, created_at, updated_at"
)
ADDRESS_COLUMNS = (
    "id, customer_id, label, street, city, state, zip, access_notes, is_default, zone_id, "
    "created_at, updated_at"
)
PHONE_TERM = re.compile(r"^[\d+\-.() ]+$")


def json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def error(status: int, code: str) -> Response:
    return json({"error": {"type": "invalid_request_error", "code": code}}, status)


def stamp(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_address(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "label": row["label"],
        "street": row["street"],
        "city": row["city"],
        "state": row["state"],
        "zip": row["zip"],
        "access_notes": row["access_notes"],
        "is_default": row["is_default"],
        "zone_id": row["zone_id"],
        "created_at": stamp(row["created_at"]),
        "updated_at": stamp(row["updated_at"]),
    }


def render(row: Any, addresses: list[Any]) -> dict[str, Any]:
    invitation = None
    if row["invitation_status"] is not None:
        invitation = {
            "status": row["invitation_status"],
            "sent_at": stamp(row["invitation_sent_at"]),
        }
    return {
        "id": row["id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "phone": row["phone"],
        "status": row["status"],
        "addresses": [render_address(address) for address in addresses],
        "preferences": {
            "preferred_contact": row["preferred_contact"],
            "marketing_opt_in": row["marketing_opt_in"],
        },
        "stats": {
            "total_bookings": row["total_bookings"],
            "total_spent": row["total_spent"],
            "last_booking_at": stamp(row["last_booking_at"]),
            "active_subscription": row["active_subscription"],
        },
        "invitation": invitation,
        "created_at": stamp(row["created_at"]),
        "updated_at": stamp(row["updated_at"]),
    }


async def principal(conn: Any, request: Request) -> Any:
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer "):
        return None
    secret_hash = hashlib.sha256(header[7:].encode()).hexdigest()
    return await conn.fetchrow(
        "SELECT account_id, mode FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL",
        secret_hash,
    )


async def addresses_of(conn: Any, ids: list[str]) -> dict[str, list[Any]]:
    rows = await conn.fetch(
        f"SELECT {ADDRESS_COLUMNS} FROM addresses WHERE customer_id = ANY($1) "
        "ORDER BY is_default DESC, created_at, id",
        ids,
    )
    grouped: dict[str, list[Any]] = {customer_id: [] for customer_id in ids}
    for row in rows:
        grouped[row["customer_id"]].append(row)
    return grouped


async def get_customer(request: Request) -> Response:
    async with POOL["pool"].acquire() as conn:
        who = await principal(conn, request)
        if who is None:
            return error(401, "invalid_api_key")
        row = await conn.fetchrow(
            f"SELECT {CUSTOMER_COLUMNS} FROM customers "
            "WHERE id = $1 AND account_id = $2 AND mode = $3",
            request.path_params["id"],
            who["account_id"],
            who["mode"],
        )
        if row is None:
            return error(404, "resource_missing")
        addresses = await addresses_of(conn, [row["id"]])
    return json(render(row, addresses[row["id"]]))


def search_pattern(term: str) -> str:
    term = term.strip().casefold()  # as the service: "john " finds what "john" finds
    if PHONE_TERM.match(term) and sum(ch.isdigit() for ch in term) >= 3:
        term = "".join(ch for ch in term if ch.isdigit())
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filters(request: Request, who: Any) -> tuple[str, list[Any]]:
    clauses = ["account_id = $1", "mode = $2"]
    values: list[Any] = [who["account_id"], who["mode"]]
    query = request.query_params
    if "status" in query:
        values.append(query["status"])
        clauses.append(f"status = ${len(values)}")
    if "has_subscription" in query:
        values.append(query["has_subscription"] == "true")
        clauses.append(f"active_subscription = ${len(values)}")
    if "search" in query:
        values.append(search_pattern(query["search"]))
        clauses.append(f"search_text ILIKE ${len(values)}")
    if "zone_id" in query:
        values.append(query["zone_id"])
        clauses.append(
            f"EXISTS (SELECT 1 FROM addresses a WHERE a.customer_id = customers.id "
            f"AND a.zone_id = ${len(values)})"
        )
    if "created_after" in query:
        values.append(moment(query["created_after"]))
        clauses.append(f"created_at >= ${len(values)}")
    return " AND ".join(clauses), values


def moment(typed: str) -> datetime:
    """A date (its midnight UTC) or an RFC 3339 date-time."""
    parsed = datetime.fromisoformat(typed.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def paging(request: Request) -> tuple[int, int]:
    page = max(1, int(request.query_params.get("page", "1")))
    per_page = min(100, max(1, int(request.query_params.get("per_page", "25"))))
    return page, per_page


def listed(rows: list[Any], total: int, page: int, per_page: int) -> Response:
    return json(
        {
            "data": [plain(row) for row in rows],
            "pagination": {
                "page": page,
                "per_page": per_page,
                "total": total,
                "total_pages": (total + per_page - 1) // per_page,
            },
        }
    )


def plain(row: Any) -> dict[str, Any]:
    """A row as JSON: every column, timestamps in RFC 3339."""
    return {
        name: stamp(value) if isinstance(value, datetime) else value
        for name, value in dict(row).items()
        if name not in ("account_id", "mode")
    }


async def page_of(
    conn: Any, table: str, where: str, values: list[Any], order: str, page: int, per_page: int
) -> tuple[list[Any], int]:
    """COUNT(*) for the total, then the page by OFFSET."""
    total = await conn.fetchval(f"SELECT COUNT(*) FROM {table} WHERE {where}", *values)
    rows = await conn.fetch(
        f"SELECT * FROM {table} WHERE {where} ORDER BY {order} "
        f"LIMIT {per_page} OFFSET {(page - 1) * per_page}",
        *values,
    )
    return list(rows), int(total)


BOOKING_ORDER = {"scheduled_at": "scheduled_at, id", "-scheduled_at": "scheduled_at DESC, id DESC"}


def booking_filters(request: Request, who: Any) -> tuple[str, list[Any]]:
    clauses = ["account_id = $1", "mode = $2"]
    values: list[Any] = [who["account_id"], who["mode"]]
    query = request.query_params
    for name, sql in (
        ("status", "status = $"),
        ("customer_id", "customer_id = $"),
        ("subscription_id", "subscription_id = $"),
        ("zone_id", "address_id IN (SELECT id FROM addresses WHERE zone_id = $"),
    ):
        if name in query:
            values.append(query[name])
            clauses.append(f"{sql}{len(values)}" + (")" if name == "zone_id" else ""))
    for name, sql in (
        ("scheduled_after", "scheduled_at > $"),
        ("scheduled_before", "scheduled_at < $"),
        ("created_after", "created_at > $"),
    ):
        if name in query:
            values.append(moment(query[name]))
            clauses.append(f"{sql}{len(values)}")
    return " AND ".join(clauses), values


async def list_bookings(request: Request) -> Response:
    page, per_page = paging(request)
    order = BOOKING_ORDER.get(request.query_params.get("sort", "-scheduled_at"))
    if order is None:
        return error(400, "parameter_invalid")
    async with POOL["pool"].acquire() as conn:
        who = await principal(conn, request)
        if who is None:
            return error(401, "invalid_api_key")
        where, values = booking_filters(request, who)
        customer_id = request.path_params.get("id")
        if customer_id is not None:
            if not await owned_customer(conn, who, customer_id):
                return error(404, "resource_missing")
            values.append(customer_id)
            where += f" AND customer_id = ${len(values)}"
        rows, total = await page_of(conn, "bookings", where, values, order, page, per_page)
    return listed(rows, total, page, per_page)


async def owned_customer(conn: Any, who: Any, customer_id: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1 AND account_id = $2 "
            "AND mode = $3)",
            customer_id,
            who["account_id"],
            who["mode"],
        )
    )


def customer_list(table: str, order: str) -> Any:
    """A customer's rows of one table, as /v1/customers/{id}/<table> (or ?customer_id=)."""

    async def endpoint(request: Request) -> Response:
        page, per_page = paging(request)
        customer_id = request.path_params.get("id") or request.query_params.get("customer_id")
        async with POOL["pool"].acquire() as conn:
            who = await principal(conn, request)
            if who is None:
                return error(401, "invalid_api_key")
            if customer_id is None or not await owned_customer(conn, who, customer_id):
                return error(404, "resource_missing")
            rows, total = await page_of(
                conn,
                table,
                "customer_id = $1 AND account_id = $2 AND mode = $3",
                [customer_id, who["account_id"], who["mode"]],
                order,
                page,
                per_page,
            )
        return listed(rows, total, page, per_page)

    return endpoint


async def list_customers(request: Request) -> Response:
    page = max(1, int(request.query_params.get("page", "1")))
    per_page = min(100, max(1, int(request.query_params.get("per_page", "25"))))
    async with POOL["pool"].acquire() as conn:
        who = await principal(conn, request)
        if who is None:
            return error(401, "invalid_api_key")
        where, values = filters(request, who)
        total = await conn.fetchval(f"SELECT COUNT(*) FROM customers WHERE {where}", *values)
        rows = await conn.fetch(
            f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {where} "
            f"ORDER BY created_at DESC, id DESC LIMIT {per_page} OFFSET {(page - 1) * per_page}",
            *values,
        )
        addresses = await addresses_of(conn, [row["id"] for row in rows])
    return json(
        {
            "data": [render(row, addresses[row["id"]]) for row in rows],
            "pagination": {
                "page": page,
                "per_page": per_page,
                "total": total,
                "total_pages": (total + per_page - 1) // per_page,
            },
        }
    )


def search_text(first: str, last: str, email: str, phone: str | None) -> str:
    digits = phone[1:] if phone else ""
    return " ".join([f"{first} {last}", f"{last} {first}", email, digits]).casefold()


async def create_customer(request: Request) -> Response:
    body = orjson.loads(await request.body())
    address = body.get("address")
    now = datetime.now(UTC).replace(microsecond=0)
    customer_id = f"cust_{ULID()}"
    async with POOL["pool"].acquire() as conn:
        who = await principal(conn, request)
        if who is None:
            return error(401, "invalid_api_key")
        async with conn.transaction():
            try:
                row = await conn.fetchrow(
                    "INSERT INTO customers (id, account_id, mode, first_name, last_name, email, "
                    "email_key, phone, status, preferred_contact, marketing_opt_in, search_text, "
                    "total_bookings, total_spent, active_subscriptions, active_subscription, "
                    "send_invitation, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                    "$7, $8, 'active', 'email', false, $9, 0, 0, 0, false, false, $10, $10) "
                    f"RETURNING {CUSTOMER_COLUMNS}",
                    customer_id,
                    who["account_id"],
                    who["mode"],
                    body["first_name"],
                    body["last_name"],
                    body["email"],
                    body["email"].casefold(),
                    body.get("phone"),
                    search_text(
                        body["first_name"], body["last_name"], body["email"], body.get("phone")
                    ),
                    now,
                )
            except asyncpg.UniqueViolationError:
                return error(409, "email_taken")
            addresses = []
            if address:
                addresses.append(
                    await conn.fetchrow(
                        "INSERT INTO addresses (id, customer_id, account_id, mode, label, "
                        "street, city, state, zip, access_notes, is_default, zone_id, "
                        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                        "$10, true, (SELECT zone_id FROM zone_zips WHERE account_id = $12 AND "
                        f"mode = $13 AND zip = $14), $11, $11) RETURNING {ADDRESS_COLUMNS}",
                        f"addr_{ULID()}",
                        customer_id,
                        who["account_id"],
                        who["mode"],
                        address.get("label"),
                        address["street"],
                        address["city"],
                        address["state"],
                        address["zip"],
                        address.get("access_notes"),
                        now,
                        who["account_id"],
                        who["mode"],
                        address["zip"],
                    )
                )
    return json(render(row, addresses), 201)


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    POOL["pool"] = await asyncpg.create_pool(
        os.environ["BASELINE_DATABASE_URL"],
        min_size=2,
        max_size=int(os.environ.get("BASELINE_POOL_SIZE", "8")),
        # Without it a prepared search may switch to a generic plan that skips the index.
        server_settings={"plan_cache_mode": "force_custom_plan"},
    )
    try:
        yield
    finally:
        await POOL["pool"].close()


app = Starlette(
    routes=[
        Route("/v1/customers", list_customers, methods=["GET"]),
        Route("/v1/customers", create_customer, methods=["POST"]),
        Route("/v1/customers/{id}", get_customer, methods=["GET"]),
        Route("/v1/bookings", list_bookings, methods=["GET"]),
        Route("/v1/customers/{id}/bookings", list_bookings, methods=["GET"]),
        Route(
            "/v1/customers/{id}/invoices",
            customer_list("invoices", "issued_at DESC, id DESC"),
            methods=["GET"],
        ),
        Route(
            "/v1/customers/{id}/addresses",
            customer_list("addresses", "is_default DESC, created_at, id"),
            methods=["GET"],
        ),
        # The service lists a customer's subscriptions as /v1/subscriptions?customer_id=.
        Route(
            "/v1/subscriptions",
            customer_list("subscriptions", "created_at DESC, id DESC"),
            methods=["GET"],
        ),
    ],
    lifespan=lifespan,
)
