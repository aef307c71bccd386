"""The API through PgBouncer in transaction mode (OTESSE_DATABASE_POOLER=pgbouncer), in
every PostgreSQL pass: concurrent writes and reads, so that consecutive transactions of one
client connection land on different server connections. The whole suite through it is
`make test-pgbouncer` (docs/scaling.md); PgBouncer comes from `make scale-packages`."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from bench.pooled import pgbouncer

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from tests.conftest import _postgres_admin_url
from tests.factories import SEED_CREATE, make_tenant


@pytest.fixture
async def pooled(database_kind: str, database_url: str) -> AsyncIterator[Database]:
    if database_kind != "postgresql":
        pytest.skip("PgBouncer stands in front of PostgreSQL")
    with pgbouncer(_postgres_admin_url()) as port:
        address = database_url.split("@", 1)[1].split("/", 1)[0]
        url = database_url.replace(address, f"127.0.0.1:{port}", 1)
        database = Database(url, pool_size=4, pooler="pgbouncer")
        try:
            yield database
        finally:
            await database.dispose()


async def test_concurrent_requests_through_pgbouncer_all_succeed(
    pooled: Database, settings: Settings
) -> None:
    app = create_app(
        settings.model_copy(update={"database_url": pooled.url, "database_pooler": "pgbouncer"}),
        database=pooled,
    )
    tenant = await make_tenant(pooled, name=f"pooled-{uuid.uuid4().hex[:6]}")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=tenant.headers
    ) as client:

        async def create(n: int) -> httpx.Response:
            body = {**SEED_CREATE, "email": f"pooled-{n}@example.com", "last_name": f"Doe{n}"}
            return await client.post("/v1/customers", json=body)

        created = await asyncio.gather(*(create(n) for n in range(24)))
        assert [r.status_code for r in created] == [201] * 24, created[0].text
        reads = await asyncio.gather(
            *(client.get(f"/v1/customers/{r.json()['id']}") for r in created),
            *(
                client.get("/v1/customers", params={"search": "doe", "per_page": 5})
                for _ in range(8)
            ),
            client.get("/v1/health"),
        )
    assert {r.status_code for r in reads} == {200}, [r.text for r in reads if r.status_code != 200]
    assert reads[24].json()["pagination"]["total"] == 24
    assert reads[-1].json()["database"] == "ok"
