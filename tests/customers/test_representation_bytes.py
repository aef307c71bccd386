"""PostgreSQL writes the customer JSON itself (customers/documents.py) and the API sends
those bytes untouched; they must be the bytes orjson writes for the same values on the SQLite
path, whatever the text holds, so both databases answer the same body and the same ETag."""

import httpx
import orjson
import pytest
from sqlalchemy import update

from otesse.core.db import Database
from otesse.models import Address
from tests.factories import Tenant, make_customer

AWKWARD_TEXT = [
    'say "hi" \\ back',
    "tab\there, new\nline, return\r, form\x0cfeed, back\x08space",
    "controls \x01\x1f and DEL \x7f",
    "ünïcödé, ☃, 😀, and a line separator \u2028",
    "</script><script>alert(1)</script>",
    "  spaces around  ",
]


@pytest.mark.parametrize("awkward", AWKWARD_TEXT)
async def test_the_customer_bytes_are_orjsons_bytes(
    client: httpx.AsyncClient, tenant: Tenant, database: Database, awkward: str
) -> None:
    made = await make_customer(database, tenant, first_name=awkward, last_name=awkward)
    async with database.transaction() as session:
        await session.execute(
            update(Address)
            .where(Address.id == made.address_id)
            .values(label=awkward, access_notes=awkward, street=awkward)
        )

    one = await client.get(f"/v1/customers/{made.id}", headers=tenant.headers)
    listed = await client.get("/v1/customers", headers=tenant.headers)

    assert one.status_code == listed.status_code == 200
    assert one.json()["first_name"] == awkward
    assert one.json()["addresses"][0]["access_notes"] == awkward
    assert one.content == orjson.dumps(one.json())
    assert listed.content == orjson.dumps(listed.json())
    assert listed.json()["data"] == [one.json()]
