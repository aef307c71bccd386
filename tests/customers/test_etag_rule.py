"""The ETag covers what a client can change: the mail worker recording the invitation as sent
does not move it, an edit does; a malformed If-Match is a 400, a stale one a 412."""

import httpx

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import Tenant, assert_error, create_customer
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.workers import fast_settings, make_worker, run_workers_until


async def test_get_then_worker_sends_then_patch_with_if_match_succeeds(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    tenant: Tenant,
    smtp: SmtpServer,
) -> None:
    customer = await create_customer(client, tenant)
    path = f"/v1/customers/{customer['id']}"
    read = await client.get(path, headers=tenant.headers)
    assert read.json()["invitation"]["status"] == "pending"

    async def sent() -> bool:
        shown = await client.get(path, headers=tenant.headers)
        return bool(shown.json()["invitation"]["status"] == "sent")

    await run_workers_until(
        [make_worker(database, fast_settings(settings, mail_url=smtp.url))], sent
    )
    after = await client.get(path, headers=tenant.headers)
    assert after.json()["invitation"] != read.json()["invitation"]
    assert after.headers["ETag"] == read.headers["ETag"]

    patched = await client.patch(
        path,
        json={"first_name": "Mary"},
        headers={**tenant.headers, "If-Match": read.headers["ETag"]},
    )
    assert patched.status_code == 200, patched.text
    assert patched.headers["ETag"] != read.headers["ETag"]
    stale = await client.patch(
        path,
        json={"first_name": "Ann"},
        headers={**tenant.headers, "If-Match": read.headers["ETag"]},
    )
    assert_error(stale, 412, "precondition_failed", "If-Match")


async def test_an_address_change_moves_the_tag(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, send_invitation=False)
    path = f"/v1/customers/{customer['id']}"
    before = (await client.get(path, headers=tenant.headers)).headers["ETag"]
    added = await client.post(
        f"{path}/addresses",
        json={"street": "1 Elm St", "city": "Eugene", "state": "OR", "zip": "97401"},
        headers=tenant.headers,
    )
    assert added.status_code == 201
    assert (await client.get(path, headers=tenant.headers)).headers["ETag"] != before


async def test_a_malformed_if_match_is_a_400(client: httpx.AsyncClient, tenant: Tenant) -> None:
    customer = await create_customer(client, tenant, send_invitation=False)
    path = f"/v1/customers/{customer['id']}"
    for malformed in ("0", "abc", '"unclosed', 'W/"a" "b"'):
        response = await client.patch(
            path, json={"first_name": "X"}, headers={**tenant.headers, "If-Match": malformed}
        )
        assert_error(response, 400, "parameter_invalid", "If-Match")
        deleted = await client.delete(path, headers={**tenant.headers, "If-Match": malformed})
        assert_error(deleted, 400, "parameter_invalid", "If-Match")
    shown = (await client.get(path, headers=tenant.headers)).json()
    assert shown["first_name"] == customer["first_name"] and shown["status"] == "active"
