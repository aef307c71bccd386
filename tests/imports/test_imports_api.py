"""POST /v1/imports, processed by the worker; GET /v1/imports/{id} and its errors."""

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.models import Customer
from tests.factories import Tenant, assert_error, make_tenant
from tests.imports.conftest import SAMPLES
from tests.workers import fast_settings, make_worker

GOOD_AND_BAD = (
    "first_name,last_name,email,phone\r\n"
    "Ann,Lee,ann@example.com,(555) 123-4567\r\n"
    "Bob,Lee,bob@,\r\n"
    "Cy,Lee,cy@example.com,12\r\n"
)


async def _work(database: Database, settings: Settings, tmp_path: Path) -> None:
    worker = make_worker(database, fast_settings(settings, mail_url=f"file://{tmp_path}"))
    while await worker.run_once():
        pass


async def _get(
    client: httpx.AsyncClient, tenant: Tenant, path: str, **headers: str
) -> httpx.Response:
    return await client.get(path, headers={**tenant.headers, **headers})


async def test_an_upload_is_queued_then_imported_by_the_worker(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    tmp_path: Path,
) -> None:
    response = await client.post(
        "/v1/imports",
        files={"file": ("clients.csv", GOOD_AND_BAD.encode(), "text/csv")},
        headers=tenant.headers,
    )
    assert response.status_code == 202, response.text
    queued: dict[str, Any] = response.json()
    assert response.headers["Location"] == f"/v1/imports/{queued['id']}"
    assert queued["id"].startswith("imp_")
    assert (queued["status"], queued["format"], queued["dry_run"], queued["rows"]) == (
        "queued", "otesse", False, None,
    )  # fmt: skip

    await _work(database, settings, tmp_path)

    done = (await _get(client, tenant, response.headers["Location"])).json()
    assert done["status"] == "succeeded"
    counts = ("rows", "processed", "created", "updated", "skipped", "failed")
    assert {k: done[k] for k in counts} == {
        "rows": 3, "processed": 3, "created": 1, "updated": 0, "skipped": 0, "failed": 2,
    }  # fmt: skip
    assert done["started_at"] and done["finished_at"] and done["error"] is None

    errors = await _get(client, tenant, f"/v1/imports/{queued['id']}/errors?per_page=1")
    assert errors.json()["pagination"] == {"page": 1, "per_page": 1, "total": 2, "total_pages": 2}
    assert errors.json()["data"] == [
        {
            "row": 3,
            "column": "email",
            "value": "bob@",
            "code": "invalid",
            "message": errors.json()["data"][0]["message"],
        }
    ]
    assert 'rel="next"' in errors.headers["Link"]
    as_csv = await _get(client, tenant, f"/v1/imports/{queued['id']}/errors", Accept="text/csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == ["row", "column", "value", "code", "message"]
    assert [row[:3] for row in rows[1:]] == [["3", "email", "bob@"], ["4", "phone", "12"]]


async def test_a_text_csv_body_takes_its_options_as_query_parameters(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    tmp_path: Path,
) -> None:
    sample = (SAMPLES / "jobber.csv").read_bytes()
    headers = {**tenant.headers, "Content-Type": "text/csv"}
    response = await client.post(
        "/v1/imports?format=jobber&dry_run=true", content=sample, headers=headers
    )
    assert response.status_code == 202, response.text
    assert (response.json()["format"], response.json()["dry_run"]) == ("jobber", True)
    await _work(database, settings, tmp_path)
    done = (await _get(client, tenant, response.headers["Location"])).json()
    assert (done["status"], done["created"], done["failed"]) == ("succeeded", 3, 1)
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Customer)) == 0  # dry run

    real = await client.post("/v1/imports?format=jobber", content=sample, headers=headers)
    await _work(database, settings, tmp_path)
    again = await client.post("/v1/imports?format=jobber", content=sample, headers=headers)
    await _work(database, settings, tmp_path)
    first = (await _get(client, tenant, real.headers["Location"])).json()
    second = (await _get(client, tenant, again.headers["Location"])).json()
    assert (first["created"], second["created"], second["skipped"]) == (3, 0, 3)


async def test_a_file_that_cannot_be_read_fails_the_import_with_its_reason(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    tmp_path: Path,
) -> None:
    response = await client.post(
        "/v1/imports",
        content=b"name,phone\r\nAnn Lee,555\r\n",
        headers={**tenant.headers, "Content-Type": "text/csv"},
    )
    await _work(database, settings, tmp_path)
    failed = (await _get(client, tenant, response.headers["Location"])).json()
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "file_columns_missing"
    assert "email" in failed["error"]["message"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "param"),
    [
        ({"json": {"file": "x"}}, 415, "unsupported_media_type", None),
        ({"content": b"", "headers": {"Content-Type": "text/csv"}}, 400, "file_missing", "file"),
        ({"files": {"other": ("a.csv", b"x", "text/csv")}}, 400, "file_missing", "file"),
        (
            {"files": {"file": ("a.csv", b"x", "text/csv")}, "data": {"format": "excel"}},
            400, "parameter_invalid", "format",
        ),
        (
            {"files": {"file": ("a.csv", b"x", "text/csv")}, "data": {"dry_run": "maybe"}},
            400, "parameter_invalid", "dry_run",
        ),
    ],
)  # fmt: skip
async def test_a_bad_upload_is_a_clear_4xx(
    kwargs: dict[str, Any],
    status: int,
    code: str,
    param: str | None,
    client: httpx.AsyncClient,
    tenant: Tenant,
) -> None:
    headers = {**tenant.headers, **kwargs.pop("headers", {})}
    response = await client.post("/v1/imports", headers=headers, **kwargs)
    assert_error(response, status, code, param)


async def test_an_import_is_visible_to_its_tenant_only(
    client: httpx.AsyncClient, tenant: Tenant, database: Database
) -> None:
    response = await client.post(
        "/v1/imports",
        content=GOOD_AND_BAD.encode(),
        headers={**tenant.headers, "Content-Type": "text/csv"},
    )
    other = await make_tenant(database, name="globex")
    for path in (response.headers["Location"], response.headers["Location"] + "/errors"):
        assert (await client.get(path, headers=other.headers)).status_code == 404
        assert (
            await client.get(path, headers={**other.headers, "Accept": "text/csv"})
        ).status_code == 404


async def test_an_upload_over_the_import_limit_is_a_413(
    settings: Settings, database: Database, tenant: Tenant
) -> None:
    app: FastAPI = create_app(
        settings.model_copy(update={"max_import_bytes": 2048}), database=database
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        headers = {**tenant.headers, "Content-Type": "text/csv"}
        big = await client.post("/v1/imports", content=b"x" * 4096, headers=headers)
        assert_error(big, 413, "payload_too_large")
        small = await client.post("/v1/imports", content=GOOD_AND_BAD.encode(), headers=headers)
        assert small.status_code == 202
