"""The Python client (clients/python) against the live service, through the client only:
create with an address, search and walk every page, get, patch with If-Match, add an
address, bookings and invoices, idempotent retries, and each error class."""

import datetime
from pathlib import Path

import pytest
from otesse_client import (
    APIError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    Otesse,
    PreconditionFailedError,
    RateLimitError,
)
from otesse_client.generated.api.addresses import customer_addresses_create, customer_addresses_list
from otesse_client.generated.api.bookings import (
    bookings_complete,
    bookings_create,
    customer_bookings_list,
)
from otesse_client.generated.api.customers import (
    customers_create,
    customers_get,
    customers_list,
    customers_update,
)
from otesse_client.generated.api.health import health_get
from otesse_client.generated.api.invoices import invoices_create, invoices_pay
from otesse_client.generated.api.zones import zones_create
from otesse_client.generated.models import (
    AddressCreate,
    BookingCreate,
    BookingStatus,
    CustomerCreate,
    CustomerUpdate,
    InvoiceCreate,
    InvoiceStatus,
    LineItemCreate,
    Service,
    UsState,
    ZoneCreate,
)

from otesse.auth.keys import generate_key
from tests.factories import Tenant
from tests.support.servers import free_port, served

# Well formed (its checksum holds), so the service must ask its database about it.
UNKNOWN_KEY = generate_key("test")
HOME = AddressCreate(street="123 Main St", city="Eugene", state=UsState.OR, zip_="97401")


def _customer(n: int) -> CustomerCreate:
    return CustomerCreate(
        first_name="Walker",
        last_name=f"Number{n}",
        email=f"walker{n}@example.com",
        send_invitation=False,
    )


def test_a_customer_from_create_to_paid_invoice(api_url: str, tenant: Tenant) -> None:
    with Otesse(tenant.secret, base_url=api_url) as otesse:
        otesse.call(zones_create.sync_detailed, body=ZoneCreate(name="Eugene", zip_codes=["97401"]))
        created = otesse.call(
            customers_create.sync_detailed,
            body=CustomerCreate(
                first_name="Jane", last_name="Doe", email="jane@example.com", address=HOME
            ),
        )
        jane = created.data
        assert created.status_code == 201 and created.location == f"/v1/customers/{jane.id}"
        assert jane.addresses[0].zone_id is not None

        for n in range(5):
            otesse.call(customers_create.sync_detailed, body=_customer(n))
        walkers = list(otesse.paginate(customers_list.sync_detailed, per_page=2, search="walker"))
        assert sorted(c.email for c in walkers) == [f"walker{n}@example.com" for n in range(5)]

        read = otesse.call(customers_get.sync_detailed, customer_id=jane.id)
        assert read.etag is not None
        patched = otesse.call(
            customers_update.sync_detailed,
            customer_id=jane.id,
            body=CustomerUpdate(first_name="Mary"),
            if_match=read.etag,
        )
        assert patched.data.first_name == "Mary"
        with pytest.raises(PreconditionFailedError) as stale:
            otesse.call(
                customers_update.sync_detailed,
                customer_id=jane.id,
                body=CustomerUpdate(first_name="Ann"),
                if_match=read.etag,
            )
        assert stale.value.param == "If-Match"

        office = AddressCreate(
            street="9 Office Park", city="Eugene", state=UsState.OR, zip_="97401", label="Office"
        )
        otesse.call(customer_addresses_create.sync_detailed, customer_id=jane.id, body=office)
        addresses = list(
            otesse.paginate(customer_addresses_list.sync_detailed, customer_id=jane.id)
        )
        assert [a.label for a in addresses] == [None, "Office"]

        booking = otesse.call(
            bookings_create.sync_detailed,
            body=BookingCreate(
                customer_id=jane.id,
                address_id=addresses[0].id,
                service=Service.DEEP_CLEANING,
                scheduled_at=datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC),
                duration_minutes=120,
                price=18000,
            ),
        ).data
        done = otesse.call(bookings_complete.sync_detailed, booking_id=booking.id).data
        assert done.status is BookingStatus.COMPLETED
        listed = otesse.call(customer_bookings_list.sync_detailed, customer_id=jane.id).data
        assert [b.id for b in listed.data] == [booking.id]

        invoice = otesse.call(
            invoices_create.sync_detailed,
            body=InvoiceCreate(
                customer_id=jane.id,
                booking_id=booking.id,
                line_items=[
                    LineItemCreate(description="Deep clean", quantity=1, unit_amount=18000)
                ],
            ),
        ).data
        paid = otesse.call(invoices_pay.sync_detailed, invoice_id=invoice.id).data
        assert paid.status is InvoiceStatus.PAID and paid.amount_paid == 18000
        stats = otesse.call(customers_get.sync_detailed, customer_id=jane.id).data.stats
        assert (stats.total_bookings, stats.total_spent) == (1, 18000)


def test_a_post_retried_with_its_key_acts_once(api_url: str, tenant: Tenant) -> None:
    with Otesse(tenant.secret, base_url=api_url) as otesse:
        body = _customer(1)
        first = otesse.call(customers_create.sync_detailed, body=body, idempotency_key="imp-1")
        again = otesse.call(customers_create.sync_detailed, body=body, idempotency_key="imp-1")
        assert again.replayed and not first.replayed
        assert again.data.id == first.data.id
        # Without a key of its own, each call gets a fresh one: a second create is a conflict.
        with pytest.raises(ConflictError) as duplicate:
            otesse.call(customers_create.sync_detailed, body=body)
        assert (duplicate.value.code, duplicate.value.param) == ("email_taken", "email")


def test_each_error_class(api_url: str, tenant: Tenant) -> None:
    with Otesse(tenant.secret, base_url=api_url) as otesse:
        with pytest.raises(NotFoundError) as missing:
            otesse.call(customers_get.sync_detailed, customer_id="cust_00000000000000000000000000")
        assert missing.value.request_id and missing.value.type == "not_found_error"
        with pytest.raises(InvalidRequestError) as invalid:
            otesse.call(
                customers_create.sync_detailed,
                body=CustomerCreate(first_name="A", last_name="B", email="not-an-email"),
            )
        assert (invalid.value.status_code, invalid.value.param) == (400, "email")
    with Otesse("otesse_test_sk_wrong", base_url=api_url) as stranger:
        with pytest.raises(AuthenticationError) as unauthenticated:
            stranger.call(customers_list.sync_detailed)
        assert unauthenticated.value.headers["WWW-Authenticate"].startswith("Bearer")


def test_rate_limited_calls_raise_after_their_retries(database_url: str, tenant: Tenant) -> None:
    env = {
        "OTESSE_DATABASE_URL": database_url,
        "OTESSE_RATE_LIMIT_PER_SECOND": "0.01",
        "OTESSE_RATE_LIMIT_BURST": "1",
    }
    with served(env) as base_url, Otesse(tenant.secret, base_url=base_url, max_retries=0) as otesse:
        otesse.call(customers_list.sync_detailed)
        with pytest.raises(RateLimitError) as limited:
            otesse.call(customers_list.sync_detailed)
        assert limited.value.retry_after >= 1


def test_an_unreachable_database_raises_api_error_after_its_retries(tmp_path: Path) -> None:
    """5xx: a real service whose PostgreSQL is not there (nothing listens on the port, as
    when the database is stopped; issue 13's fault drill): 503 with Retry-After, raised as
    APIError once the client's retries are spent."""
    env = {
        "OTESSE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/otesse",
        "OTESSE_MAIL_URL": f"file://{tmp_path}/mail",
        "OTESSE_LOG_LEVEL": "WARNING",
    }
    with served(env) as base_url:
        with Otesse(UNKNOWN_KEY, base_url=base_url, max_retries=1) as otesse:
            with pytest.raises(APIError) as down:
                otesse.call(customers_create.sync_detailed, body=_customer(1))
            assert (down.value.status_code, down.value.type) == (503, "api_error")
            assert down.value.request_id and down.value.headers["Retry-After"]
            with pytest.raises(APIError) as unhealthy:
                otesse.call(health_get.sync_detailed)
        assert unhealthy.value.status_code == 503
