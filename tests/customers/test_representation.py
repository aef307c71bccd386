"""The customer's JSON is declared once (schemas.CustomerRead) and rendered two ways: in
Python (SQLite, and the answer to a create) and by PostgreSQL (documents.py, the list
statement). Stored rows rendered both ways must give the same bytes and the same ETag,
whatever the text holds; the key order is the contract's."""

from typing import Any

import httpx
import orjson
import pytest
from pydantic import BaseModel, create_model
from sqlalchemy import text, update

from otesse.core.db import Database
from otesse.core.representation import json_sql
from otesse.core.sealing import open_marks, seal
from otesse.customers import documents, repository
from otesse.customers.etags import etag_of
from otesse.customers.representation import ADDRESSES_SQL, render_customer
from otesse.customers.schemas import CustomerRead, Stats
from otesse.models import Address, Customer
from tests.factories import Tenant, make_customer

AWKWARD_TEXT = [
    'say "hi" \\ back',
    "tab\there, new\nline, return\r, form\x0cfeed, back\x08space",
    "controls \x01\x1f and DEL \x7f",
    "ünïcödé, ☃, 😀, and a line separator \u2028",
    "</script><script>alert(1)</script>",
    "  spaces around  ",
]

# The order of the seed's example (customers-api.txt) and DESIGN.md's additions.
CONTRACT_ORDER: dict[str, Any] = {
    "id": None,
    "first_name": None,
    "last_name": None,
    "email": None,
    "phone": None,
    "status": None,
    "addresses": {
        "id": None,
        "label": None,
        "street": None,
        "city": None,
        "state": None,
        "zip": None,
        "access_notes": None,
        "is_default": None,
        "zone_id": None,
        "created_at": None,
        "updated_at": None,
    },
    "preferences": {
        "preferred_contact": None,
        "marketing_opt_in": None,
        "marketing_consent": {"email": None, "sms": None, "phone": None},
    },
    "stats": {
        "total_bookings": None,
        "total_spent": None,
        "last_booking_at": None,
        "active_subscription": None,
    },
    "invitation": {"status": None, "sent_at": None, "accepted_at": None},
    "external_id": None,
    "metadata": {},  # empty unless set: no keys of its own
    "tags": None,
    "merged_into": None,
    "created_at": None,
    "updated_at": None,
    "erased_at": None,
}


def key_order(document: dict[str, Any]) -> dict[str, Any]:
    """The document's keys in order, nested objects (and a list's first item) likewise."""
    order: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, list) and value:
            value = value[0]
        order[key] = key_order(value) if isinstance(value, dict) else None
    return order


async def _awkward_customer(database: Database, tenant: Tenant, awkward: str) -> str:
    made = await make_customer(database, tenant, first_name=awkward, last_name=awkward)
    async with database.transaction() as session:
        await session.execute(
            update(Address)
            .where(Address.id == made.address_id)
            .values(label=awkward, access_notes=seal(awkward, made.address_id), street=awkward)
        )
        await session.execute(
            update(Customer).where(Customer.id == made.id).values(invitation_status="pending")
        )
    return made.id


async def _rendered_in_python(database: Database, tenant: Tenant, customer_id: str) -> bytes:
    async with database.session(read_only=True) as session:
        where = {"account_id": tenant.account_id, "mode": tenant.mode}
        row = await repository.get_customer_row(session, **where, customer_id=customer_id)
        assert row is not None
        addresses = await repository.addresses_by_customer(session, [customer_id])
    return orjson.dumps(render_customer(row, addresses[customer_id]))


async def _rendered_by_postgresql(
    database: Database, model: type[BaseModel], customer_id: str
) -> bytes:
    document = json_sql(model, "customers", {"addresses": ADDRESSES_SQL})
    async with database.session(read_only=True) as session:
        found = await session.scalar(
            text(f"SELECT {document}::text FROM customers WHERE id = :id"),
            {"id": customer_id},
        )
    return open_marks(str(found).encode())


@pytest.mark.parametrize("awkward", AWKWARD_TEXT)
async def test_both_renderers_write_the_same_bytes_and_etag(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, awkward: str
) -> None:
    customer_id = await _awkward_customer(database, tenant, awkward)

    in_python = await _rendered_in_python(database, tenant, customer_id)
    one = await client.get(f"/v1/customers/{customer_id}", headers=tenant.headers)
    listed = await client.get("/v1/customers", headers=tenant.headers)

    assert one.status_code == listed.status_code == 200
    assert one.json()["addresses"][0]["access_notes"] == awkward
    if not database.is_sqlite:
        async with database.session(read_only=True) as session:
            by_sql = await documents.customer_document(
                session, account_id=tenant.account_id, mode=tenant.mode, customer_id=customer_id
            )
        # PostgreSQL wrote the sealed note as a mark, opened in Python (core/sealing.py).
        assert by_sql is not None and b'"\\/addr_' in by_sql
        assert open_marks(by_sql) == in_python
    assert one.content == in_python
    assert one.headers["ETag"] == etag_of(in_python)
    assert listed.content.startswith(b'{"data":[' + in_python + b"]")


async def test_the_key_order_is_the_contracts(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    created = await client.post(
        "/v1/customers",
        headers=tenant.headers,
        json={
            "first_name": "Jane",
            "last_name": "Doe",
            "email": "jane@example.com",
            "address": {"street": "1 Main St", "city": "Eugene", "state": "OR", "zip": "97401"},
        },
    )
    assert created.status_code == 201
    one = await client.get(f"/v1/customers/{created.json()['id']}", headers=tenant.headers)
    listed = await client.get("/v1/customers", headers=tenant.headers)

    for document in (created.json(), one.json(), listed.json()["data"][0]):
        assert key_order(document) == CONTRACT_ORDER
        assert list(key_order(document)) == list(CONTRACT_ORDER)
        for key, inner in CONTRACT_ORDER.items():
            if inner is not None:
                assert list(key_order(document)[key]) == list(inner), key
    assert created.content == one.content


def _with_stats_swapped() -> type[BaseModel]:
    """CustomerRead with total_bookings and total_spent swapped inside stats."""
    stats_fields = dict(reversed(list(Stats.model_fields.items())[:2]))
    stats_fields.update(list(Stats.model_fields.items())[2:])
    swapped_stats = create_model(
        "SwappedStats", **{key: (field.annotation, field) for key, field in stats_fields.items()}
    )
    fields: dict[str, Any] = {
        key: (swapped_stats if key == "stats" else field.annotation, field)
        for key, field in CustomerRead.model_fields.items()
    }
    return create_model("SwappedCustomer", **fields)


async def test_a_reordered_declaration_changes_the_bytes(
    tenant: Tenant, database: Database
) -> None:
    """The byte comparison above can fail: a document whose stats keys are swapped is told
    apart from the declared one (it was not, when the shape was written twice)."""
    if database.is_sqlite:
        pytest.skip("PostgreSQL renders the document; SQLite has the Python renderer only")
    made = await make_customer(database, tenant)

    declared = await _rendered_by_postgresql(database, CustomerRead, made.id)
    swapped = await _rendered_by_postgresql(database, _with_stats_swapped(), made.id)

    assert declared == await _rendered_in_python(database, tenant, made.id)
    assert swapped != declared
    assert orjson.loads(swapped) == orjson.loads(declared)  # same values, another order
