"""Operations read from the OpenAPI document, and a world of resources to call them on.

The hardening tests discover what to test from the document, so a new endpoint is covered the
day it is merged. To call an operation they need a valid body and real ids: bodies are built
from each request schema (required fields, filled by name from FIELD_VALUES or else by type),
and RECIPES, keyed by path prefix, create one resource of each kind in dependency order.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.ids import new_id

PARAM = re.compile(r"\{([^}]+)\}")
WRITE_METHODS = ("post", "put", "patch")

# The operations the API promises (path parameters written `{}`): one missing from the
# document fails its test, naming it; every other operation found is tested as well.
EXPECTED_OPERATIONS = [
    ("get", "/v1/customers"), ("post", "/v1/customers"), ("get", "/v1/customers/{}"),
    ("patch", "/v1/customers/{}"), ("delete", "/v1/customers/{}"),
    ("get", "/v1/customers/{}/addresses"), ("post", "/v1/customers/{}/addresses"),
    ("get", "/v1/customers/{}/addresses/{}"), ("patch", "/v1/customers/{}/addresses/{}"),
    ("delete", "/v1/customers/{}/addresses/{}"), ("get", "/v1/customers/{}/bookings"),
    ("get", "/v1/customers/{}/invoices"), ("post", "/v1/customers/{}/invitation"),
    ("get", "/v1/customers/{}/export"), ("post", "/v1/customers/{}/erase"),
    ("get", "/v1/zones"), ("post", "/v1/zones"), ("get", "/v1/zones/{}"),
    ("patch", "/v1/zones/{}"),
    ("get", "/v1/bookings"), ("post", "/v1/bookings"), ("get", "/v1/bookings/{}"),
    ("patch", "/v1/bookings/{}"), ("post", "/v1/bookings/{}/confirm"),
    ("post", "/v1/bookings/{}/start"), ("post", "/v1/bookings/{}/complete"),
    ("post", "/v1/bookings/{}/cancel"),
    ("get", "/v1/subscriptions"), ("post", "/v1/subscriptions"),
    ("get", "/v1/subscriptions/{}"), ("post", "/v1/subscriptions/{}/pause"),
    ("post", "/v1/subscriptions/{}/resume"), ("post", "/v1/subscriptions/{}/cancel"),
    ("get", "/v1/invoices"), ("post", "/v1/invoices"), ("get", "/v1/invoices/{}"),
    ("post", "/v1/invoices/{}/pay"), ("post", "/v1/invoices/{}/void"), ("get", "/v1/health"),
]  # fmt: skip

# The collection a path segment names, and the kind of resource its `{id}` stands for.
SEGMENT_KINDS = {
    "customers": "customer", "addresses": "address", "zones": "zone", "bookings": "booking",
    "subscriptions": "subscription", "invoices": "invoice",
}  # fmt: skip


def document() -> dict[str, Any]:
    """The document as the app serves it (built without a database: routes only)."""
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    return app.openapi()


def normalise(path: str) -> str:
    return PARAM.sub("{}", path)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the document, e.g. /v1/customers/{customer_id}
    spec: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def path_params(self) -> list[str]:
        return PARAM.findall(self.path)

    def body_schema(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return resolve(doc, schema) if schema else None


def operations(doc: dict[str, Any]) -> list[Operation]:
    return [
        Operation(method, path, spec)
        for path, methods in doc["paths"].items()
        for method, spec in methods.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def operation_labels(doc: dict[str, Any], wanted: Callable[[Operation], bool]) -> list[str]:
    """Expected operations plus every operation found that ``wanted`` keeps, for parametrize."""
    found = {f"{op.method} {normalise(op.path)}" for op in operations(doc) if wanted(op)}
    expected = {f"{method} {path}" for method, path in EXPECTED_OPERATIONS}
    return sorted(found | {label for label in expected if _would_want(label, wanted)})


def _would_want(label: str, wanted: Callable[[Operation], bool]) -> bool:
    method, path = label.split(" ", 1)
    fake = Operation(method, path.replace("{}", "{id}"), {})
    return wanted(fake)


def find(doc: dict[str, Any], label: str) -> Operation | None:
    method, path = label.split(" ", 1)
    for op in operations(doc):
        if op.method == method and normalise(op.path) == path:
            return op
    return None


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and pick the non-null branch of an Optional."""
    while True:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = doc["components"]["schemas"][name]
        elif "anyOf" in schema or "oneOf" in schema:
            branches = schema.get("anyOf") or schema.get("oneOf") or []
            schema = next((b for b in branches if b.get("type") != "null"), branches[0])
        else:
            return schema


def kind_of(op: Operation, param: str) -> str:
    """Which resource a path parameter names: `customer_id`, or `{id}` after `customers/`."""
    stem = param.removesuffix("_id")
    if stem in SEGMENT_KINDS.values():
        return stem
    segments = op.path.split("/")
    position = segments.index("{" + param + "}")
    return SEGMENT_KINDS.get(segments[position - 1], stem)


def fill_path(op: Operation, ids: dict[str, str]) -> str:
    path = op.path
    for param in op.path_params:
        path = path.replace("{" + param + "}", ids[kind_of(op, param)])
    return path


def missing_ids(world: dict[str, str]) -> dict[str, str]:
    """Well-formed ids, of the same kinds, that exist nowhere."""
    return {kind: new_id(value.split("_", 1)[0]) for kind, value in world.items()}


# Values by field name; `world` holds the ids created so far.
def _unique_email(_: dict[str, str]) -> str:
    return f"hardening-{uuid.uuid4().hex[:10]}@example.com"


FIELD_VALUES: dict[str, Callable[[dict[str, str]], Any]] = {
    "first_name": lambda w: "Iso",
    "last_name": lambda w: "Lation",
    "email": _unique_email,
    "phone": lambda w: "+15551234567",
    "name": lambda w: f"Zone {uuid.uuid4().hex[:6]}",
    "zip": lambda w: "97401",
    "zip_codes": lambda w: [f"97{uuid.uuid4().int % 1000:03d}"],
    "state": lambda w: "OR",
    "city": lambda w: "Eugene",
    "street": lambda w: "123 Main St",
    "label": lambda w: "Home",
    "customer_id": lambda w: w["customer"],
    # The erase body names the customer it erases (privacy/schemas.py).
    "confirm": lambda w: w["customer"],
    "address_id": lambda w: w["address"],
    "booking_id": lambda w: w.get("booking"),
    "subscription_id": lambda w: w.get("subscription"),
    "zone_id": lambda w: w.get("zone"),
    "scheduled_at": lambda w: (datetime.now(UTC) + timedelta(days=7)).strftime(
        "%Y-%m-%dT%H:00:00Z"
    ),
    "start_date": lambda w: (date.today() + timedelta(days=7)).isoformat(),
    "currency": lambda w: "usd",
    "send_invitation": lambda w: False,
    "duration_minutes": lambda w: 120,
    "price": lambda w: 15000,
    "amount_due": lambda w: 15000,
    "quantity": lambda w: 1,
    "unit_amount": lambda w: 15000,
    "description": lambda w: "Standard clean",
}


def build(doc: dict[str, Any], schema: dict[str, Any], world: dict[str, str]) -> Any:
    """A valid value for ``schema``: required properties only, by name then by type."""
    schema = resolve(doc, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        body = {}
        for name in schema.get("required", []):
            prop = schema["properties"][name]
            body[name] = (
                FIELD_VALUES[name](world) if name in FIELD_VALUES else build(doc, prop, world)
            )
        return body
    if kind == "array":
        return [build(doc, schema.get("items", {}), world)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return FIELD_VALUES["scheduled_at"](world)
    if schema.get("format") == "date":
        return FIELD_VALUES["start_date"](world)
    return "x" * max(int(schema.get("minLength", 1)), 1)


def body_for(doc: dict[str, Any], op: Operation, world: dict[str, str]) -> Any:
    schema = op.body_schema(doc)
    if schema is None:
        return None
    body = build(doc, schema, world)
    extra = RECIPE_EXTRAS.get(f"{op.method} {normalise(op.path)}", {})
    if isinstance(body, dict):
        properties = resolve(doc, schema).get("properties", {})
        body |= {k: make(world) for k, make in extra.items() if k in properties and k not in body}
    return body


# Beyond the required fields: what a recipe adds so the resource is useful to the others.
RECIPE_EXTRAS: dict[str, dict[str, Callable[[dict[str, str]], Any]]] = {
    "post /v1/customers": {
        "send_invitation": lambda w: False,
        "address": lambda w: {
            "label": "Home",
            "street": "123 Main St",
            "city": "Eugene",
            "state": "OR",
            "zip": "97401",
        },
    },
    "post /v1/zones": {"zip_codes": FIELD_VALUES["zip_codes"]},
}

# The recipes: one resource of each kind, in dependency order, keyed by the path prefix
# whose POST creates it, and how its id is read from the created resource.
RECIPES: list[tuple[str, str, Callable[[dict[str, Any]], dict[str, str]]]] = [
    ("zone", "/v1/zones", lambda made: {"zone": made["id"]}),
    (
        "customer",
        "/v1/customers",
        lambda made: (
            {"customer": made["id"]}
            | ({"address": made["addresses"][0]["id"]} if made.get("addresses") else {})
        ),
    ),
    ("address", "/v1/customers/{}/addresses", lambda made: {"address": made["id"]}),
    ("booking", "/v1/bookings", lambda made: {"booking": made["id"]}),
    ("subscription", "/v1/subscriptions", lambda made: {"subscription": made["id"]}),
    ("invoice", "/v1/invoices", lambda made: {"invoice": made["id"]}),
]


async def make_world(
    client: httpx.AsyncClient, doc: dict[str, Any], headers: dict[str, str]
) -> dict[str, str]:
    """Create one resource of each kind the document can create; returns their ids by kind."""
    world: dict[str, str] = {}
    for _kind, prefix, read_ids in RECIPES:
        op = find(doc, f"post {prefix}")
        if op is None:
            continue
        body = body_for(doc, op, world)
        response = await client.post(fill_path(op, world), json=body, headers=headers)
        assert response.status_code == 201, (
            f"recipe {op.label} (tests/hardening/openapi_world.py) failed: "
            f"{response.status_code} {response.text} for {body}"
        )
        world |= read_ids(response.json())
    return world


def world_resources(doc: dict[str, Any], world: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(kind, url) of every created resource that has a GET, to snapshot it."""
    for op in operations(doc):
        if op.method != "get" or len(op.path_params) != 1:
            continue
        kind = kind_of(op, op.path_params[0])
        if kind in world and op.path.endswith("}"):
            yield kind, fill_path(op, world)
