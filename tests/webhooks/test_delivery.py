"""Delivery to a real receiver on 127.0.0.1: signed (verified with standardwebhooks),
filtered by type, retried with the same id and body, 410 disabling, Retry-After honoured,
no private address reached when they are not allowed."""

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from sqlalchemy import select

from otesse.config import Settings
from otesse.core.db import Database
from otesse.models import WebhookDelivery
from otesse.webhooks.delivery import Dispatcher
from tests.events_support import number_events
from tests.factories import Tenant, create_customer, make_tenant
from tests.webhooks.receiver import Receiver, always, verify
from tests.webhooks.support import fast, make_endpoint, rounds_until


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


async def test_a_change_is_delivered_signed_with_the_event_as_its_body(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    endpoint = await make_endpoint(client, tenant, receiver.url, ["customer.*"])
    customer = await create_customer(client, tenant)
    await client.post(
        "/v1/zones", json={"name": "Z", "zip_codes": ["97401"]}, headers=tenant.headers
    )
    await rounds_until(database, fast(settings), lambda: len(receiver.received) >= 1)

    (got,) = receiver.received
    payload = verify(endpoint["secret"], got)
    assert payload["type"] == "customer.created"
    assert payload["data"]["object"]["id"] == customer["id"]
    assert got.headers["webhook-id"] == payload["id"]
    assert got.headers["content-type"] == "application/json"
    # The body is the event exactly as the API shows it.
    shown = await client.get(f"/v1/events/{payload['id']}", headers=tenant.headers)
    assert orjson.loads(got.body) == shown.json()

    attempts = await client.get(
        f"/v1/webhook_endpoints/{endpoint['id']}/deliveries", headers=tenant.headers
    )
    (attempt,) = attempts.json()["data"]
    assert (attempt["event_id"], attempt["attempt"], attempt["status_code"]) == (
        payload["id"],
        1,
        200,
    )
    assert attempt["delivery_status"] == "succeeded" and attempt["next_retry_at"] is None


async def test_a_failed_delivery_is_retried_with_the_same_id_and_body(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    receiver.plan = lambda n: (500 if n < 2 else 200, 0.0, {})
    endpoint = await make_endpoint(client, tenant, receiver.url)
    await create_customer(client, tenant)
    await rounds_until(database, fast(settings), lambda: len(receiver.succeeded_ids()) == 1)

    assert len(receiver.received) == 3
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    for received in receiver.received:
        verify(endpoint["secret"], received)
    attempts = await client.get(
        f"/v1/webhook_endpoints/{endpoint['id']}/deliveries", headers=tenant.headers
    )
    shown = list(reversed(attempts.json()["data"]))
    assert [a["status_code"] for a in shown] == [500, 500, 200]
    assert [a["attempt"] for a in shown] == [1, 2, 3]
    assert shown[0]["error"] == "HTTP 500" and shown[0]["next_retry_at"] is not None


async def test_one_endpoint_gets_at_most_its_share_of_the_sends_at_once(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    # A slow receiver: without the per-endpoint bound all 4 sends would be at it at once.
    receiver.plan = lambda _: (200, 0.3, {})
    other = Receiver().start()
    try:
        await make_endpoint(client, tenant, receiver.url)
        await make_endpoint(client, tenant, other.url)
        for number in range(6):
            await create_customer(client, tenant, email=f"c{number}@example.com")
        bounded = fast(settings, webhook_concurrency=4, webhook_endpoint_concurrency=2)
        await rounds_until(
            database,
            bounded,
            lambda: len(receiver.succeeded_ids()) == 6 and len(other.succeeded_ids()) == 6,
        )
    finally:
        other.stop()
    assert receiver.most_in_flight == 2


async def test_a_receiver_slower_than_the_lease_is_sent_each_delivery_once(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    """Each answer takes three leases; a second dispatcher polls all along."""
    lease = 0.4
    receiver.plan = lambda _: (200, 3 * lease, {})
    await make_endpoint(client, tenant, receiver.url)
    for number in range(3):
        await create_customer(client, tenant, email=f"slow{number}@example.com")
    slow = fast(settings, webhook_lease_seconds=lease, webhook_timeout_seconds=5.0)
    dispatchers = [Dispatcher(database, slow, worker_id=f"test:{name}") for name in "ab"]
    tasks = [asyncio.create_task(dispatcher.run()) for dispatcher in dispatchers]
    try:
        deadline = time.monotonic() + 20
        while len(receiver.succeeded_ids()) < 3:
            assert time.monotonic() < deadline, "not delivered in time"
            await asyncio.sleep(0.05)
        await asyncio.sleep(3 * lease)  # room for a second send, had a lease lapsed
    finally:
        for dispatcher in dispatchers:
            dispatcher.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
        for dispatcher in dispatchers:
            await dispatcher.close()

    assert len(receiver.received) == 3
    async with database.session() as session:
        attempts = list(await session.scalars(select(WebhookDelivery.attempts)))
    assert attempts == [1, 1, 1]


async def test_retry_after_is_honoured_on_429(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    receiver.plan = lambda n: (429, 0.0, {"Retry-After": "120"})
    await make_endpoint(client, tenant, receiver.url)
    await create_customer(client, tenant)
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 1)
    async with database.session() as session:
        delivery = await session.scalar(select(WebhookDelivery))
    assert delivery is not None and delivery.status == "pending"
    wait = (delivery.next_attempt_at - datetime.now(UTC)).total_seconds()
    assert 100 < wait <= 120


async def test_410_disables_the_endpoint_and_says_so_in_an_event(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    receiver.plan = always(410)
    endpoint = await make_endpoint(client, tenant, receiver.url)
    await create_customer(client, tenant)
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 1)
    shown = await client.get(f"/v1/webhook_endpoints/{endpoint['id']}", headers=tenant.headers)
    assert shown.json()["status"] == "disabled"
    assert "410" in shown.json()["disabled_reason"]
    await number_events(database)
    listed = await client.get(
        "/v1/events", params={"type": "webhook_endpoint.disabled"}, headers=tenant.headers
    )
    (event,) = listed.json()["data"]
    assert event["data"]["object"]["id"] == endpoint["id"]
    assert event["data"]["previous_attributes"]["status"] == "enabled"


async def test_an_endpoint_failing_for_days_is_disabled(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    receiver.plan = always(500)
    endpoint = await make_endpoint(client, tenant, receiver.url)
    await create_customer(client, tenant)
    # "5 days" shortened: the rule, not the clock.
    short = fast(settings, webhook_disable_after_seconds=0.1)
    path = f"/v1/webhook_endpoints/{endpoint['id']}"

    async def disabled() -> bool:
        return (await client.get(path, headers=tenant.headers)).json()["status"] == "disabled"

    await rounds_until(database, short, disabled)
    assert len(receiver.received) >= 2


async def test_a_rotated_endpoint_gets_both_signatures(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    endpoint = await make_endpoint(client, tenant, receiver.url)
    rotated = await client.post(
        f"/v1/webhook_endpoints/{endpoint['id']}/rotate_secret", headers=tenant.headers
    )
    await create_customer(client, tenant)
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 1)
    (got,) = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    verify(endpoint["secret"], got)
    verify(rotated.json()["secret"], got)


async def test_replay_sends_the_events_again_and_modes_stay_apart(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    endpoint = await make_endpoint(client, tenant, receiver.url)
    live = await make_tenant(database, name="acme", mode="live")
    await create_customer(client, live)  # a live change: never sent to a test endpoint
    await create_customer(client, tenant, email="a@example.com")
    await create_customer(client, tenant, email="b@example.com")
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 2)
    replayed = await client.post(
        f"/v1/webhook_endpoints/{endpoint['id']}/replay",
        json={"after_sequence": 1},
        headers=tenant.headers,
    )
    assert replayed.json() == {"queued": 1}
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 3)
    assert receiver.received[2].body in {r.body for r in receiver.received[:2]}
    sequences = [orjson.loads(r.body)["sequence"] for r in receiver.received]
    assert sorted(sequences[:2]) == [1, 2] and sequences[2] == 2


async def test_no_private_address_is_reached_when_they_are_not_allowed(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    # Saved while allowed (as under `make run`), delivered by a worker that does not allow it.
    endpoint = await make_endpoint(client, tenant, receiver.url)
    await create_customer(client, tenant)
    strict = fast(settings, webhook_allow_private_networks=False)

    async def attempted() -> list[dict[str, object]]:
        response = await client.get(
            f"/v1/webhook_endpoints/{endpoint['id']}/deliveries", headers=tenant.headers
        )
        data: list[dict[str, object]] = response.json()["data"]
        return data

    await rounds_until(database, strict, lambda: True)
    (attempt,) = await attempted()
    assert attempt["status_code"] is None and "non-public" in str(attempt["error"])
    assert receiver.received == []


async def test_events_older_than_the_retention_are_pruned_with_their_deliveries(
    client: httpx.AsyncClient,
    tenant: Tenant,
    database: Database,
    settings: Settings,
    receiver: Receiver,
) -> None:
    from datetime import timedelta

    from sqlalchemy import func, update

    from otesse.models import Event
    from otesse.webhooks.delivery import Dispatcher

    await make_endpoint(client, tenant, receiver.url)
    old = await create_customer(client, tenant, email="old@example.com")
    await rounds_until(database, fast(settings), lambda: len(receiver.received) == 1)
    async with database.transaction() as session:
        await session.execute(
            update(Event).values(created_at=datetime.now(UTC) - timedelta(days=31))
        )
    await create_customer(client, tenant, email="new@example.com")
    await number_events(database)
    dispatcher = Dispatcher(database, fast(settings), worker_id="test:prune")
    assert await dispatcher.prune() == 1
    async with database.session() as session:
        deliveries = await session.scalar(select(func.count()).select_from(WebhookDelivery))
    listed = await client.get("/v1/events", headers=tenant.headers)
    assert [e["customer_id"] for e in listed.json()["data"]] != [old["id"]]
    assert listed.json()["pagination"]["total"] == 1
    assert deliveries == 1  # the new event's, not yet sent
