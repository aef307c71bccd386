"""The realistic mix `make load` drives (bench/load.py runs it): integrators working a CRM.

Each simulated client holds the key in OTESSE_LOAD_KEY, creates customers, searches, lists,
reads, patches, adds addresses, books cleanings (and completes some, which moves the customer's
stats) and lists a customer's bookings. Operations the API does not have yet are
left out of the mix (it falls back to /v1/health). Server errors are counted apart and
written to OTESSE_LOAD_5XX_FILE when the run ends.
"""

import json
import os
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from locust import HttpUser, between, events, task

FIVE_XX = {"count": 0}
SEARCHES = ["john", "smith", "example.com", "555", "jane d", "oak"]


@events.request.add_listener
def _count_server_errors(response: Any = None, **_: Any) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        FIVE_XX["count"] += 1


@events.quitting.add_listener
def _write_server_errors(**_: Any) -> None:
    target = os.environ.get("OTESSE_LOAD_5XX_FILE")
    if target:
        with open(target, "w") as out:
            json.dump(FIVE_XX, out)


class Integrator(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['OTESSE_LOAD_KEY']}"
        paths = self.client.get("/v1/openapi.json", name="openapi").json()["paths"]
        self.has_customers = "/v1/customers" in paths
        self.has_bookings = "/v1/bookings" in paths
        self.customer_ids: list[str] = []
        self.addresses: dict[str, str] = {}  # customer id -> its default address id
        if self.has_customers:
            for _ in range(3):
                self.create_customer()

    def _customer(self) -> str | None:
        return random.choice(self.customer_ids) if self.customer_ids else None

    @task(4)
    def search(self) -> None:
        if not self.has_customers:
            self.client.get("/v1/health")
            return
        params = {"search": random.choice(SEARCHES), "per_page": 25}
        self.client.get("/v1/customers", params=params, name="search customers")

    @task(3)
    def list_customers(self) -> None:
        if self.has_customers:
            params = {"page": random.randint(1, 3), "status": "active"}
            self.client.get("/v1/customers", params=params, name="list customers")

    @task(4)
    def get_customer(self) -> None:
        customer = self._customer()
        if customer:
            self.client.get(f"/v1/customers/{customer}", name="get customer")

    @task(2)
    def create_customer(self) -> None:
        if not self.has_customers:
            return
        tag = uuid.uuid4().hex[:10]
        body = {"first_name": "Load", "last_name": f"Test{tag}", "email": f"load-{tag}@example.com",
                "phone": "+15551234567", "send_invitation": False,
                "address": {"label": "Home", "street": "456 Oak Ave", "city": "Eugene",
                            "state": "OR", "zip": "97401"}}  # fmt: skip
        response = self.client.post("/v1/customers", json=body, name="create customer")
        if response.status_code == 201:
            created = response.json()
            self.customer_ids.append(created["id"])
            self.addresses[created["id"]] = created["addresses"][0]["id"]

    @task(2)
    def patch_customer(self) -> None:
        customer = self._customer()
        if customer:
            body = {"preferences": {"preferred_contact": "sms", "marketing_opt_in": False}}
            self.client.patch(f"/v1/customers/{customer}", json=body, name="patch customer")

    @task(1)
    def add_address(self) -> None:
        customer = self._customer()
        if customer:
            body = {"label": "Office", "street": "789 Business Blvd", "city": "Eugene",
                    "state": "OR", "zip": "97401", "is_default": False}  # fmt: skip
            self.client.post(f"/v1/customers/{customer}/addresses", json=body, name="add address")

    @task(1)
    def book(self) -> None:
        customer = self._customer()
        if not (customer and self.has_bookings):
            return
        days = random.randint(1, 60)
        when = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:00:00Z")
        body = {"customer_id": customer, "address_id": self.addresses[customer],
                "service": "standard_cleaning", "scheduled_at": when,
                "duration_minutes": 120, "price": 15000}  # fmt: skip
        response = self.client.post("/v1/bookings", json=body, name="create booking")
        if response.status_code == 201 and random.random() < 0.3:
            booking = response.json()["id"]
            self.client.post(f"/v1/bookings/{booking}/complete", name="complete booking")

    @task(2)
    def bookings(self) -> None:
        customer = self._customer()
        if customer and self.has_bookings:
            self.client.get(f"/v1/customers/{customer}/bookings", name="customer bookings")
