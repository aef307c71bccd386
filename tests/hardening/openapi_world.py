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
from urllib.parse import urlencode

import httpx

from otesse.app import create_app
from otesse.config import Settings
from otesse.core.db import Database
from otesse.core.ids import new_id
from tests.events_support import number_events

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
    ("post", "/v1/customers/{}/merge"), ("get", "/v1/customers/{}/merge_preview"),
    ("get", "/v1/customers/{}/duplicates"),
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
    ("get", "/v1/customers/export"), ("post", "/v1/imports"), ("get", "/v1/imports/{}"),
    ("get", "/v1/imports/{}/errors"),
    ("get", "/v1/events"), ("get", "/v1/events/{}"),
    ("get", "/v1/webhook_endpoints"), ("post", "/v1/webhook_endpoints"),
    ("get", "/v1/webhook_endpoints/{}"), ("patch", "/v1/webhook_endpoints/{}"),
    ("delete", "/v1/webhook_endpoints/{}"), ("post", "/v1/webhook_endpoints/{}/rotate_secret"),
    ("get", "/v1/webhook_endpoints/{}/deliveries"), ("post", "/v1/webhook_endpoints/{}/replay"),
]  # fmt: skip

# The collection a path segment names, and the kind of resource its `{id}` stands for.
SEGMENT_KINDS = {
    "customers": "customer", "addresses": "address", "zones": "zone", "bookings": "booking",
    "subscriptions": "subscription", "invoices": "invoice", "consents": "consent",
    "imports": "import", "events": "event", "webhook_endpoints": "webhook_endpoint",
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
    """The operation's URL: its path parameters from ``ids``, and its required query
    parameters (a merge preview's ``source_id``) by name, from FIELD_VALUES."""
    path = op.path
    for param in op.path_params:
        path = path.replace("{" + param + "}", ids[kind_of(op, param)])
    required = [
        parameter["name"]
        for parameter in op.spec.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required")
    ]
    if required:
        path += "?" + urlencode({name: FIELD_VALUES[name](ids) for name in required})
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
    # A merge's source: the world's second customer (RECIPES).
    "source_id": lambda w: w["merge_source"],
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
    "disclosure": lambda w: "Yes, Acme may email me offers and news.",
    # Nothing listens there: no worker runs in these tests (private addresses are allowed).
    "url": lambda w: "http://127.0.0.1:9/otesse-hooks",
    "enabled_events": lambda w: ["*"],
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
            value = FIELD_VALUES[name](world) if name in FIELD_VALUES else build(doc, prop, world)
            # A name two resources use differently (an address's `state` is OR, a consent
            # record's is granted): the field's own enumeration wins.
            allowed = resolve(doc, prop).get("enum")
            body[name] = allowed[0] if allowed and value not in allowed else value
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


# What an operation whose body is a CSV upload (POST /v1/imports) is sent.
CSV_UPLOAD = b"first_name,last_name,email\r\nIso,Lation,iso-import@example.com\r\n"


def request_body(doc: dict[str, Any], op: Operation, world: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments of httpx that send the operation's body: JSON built from its
    schema, or a small CSV for an upload."""
    content = op.spec.get("requestBody", {}).get("content", {})
    if "text/csv" in content and "application/json" not in content:
        return {"content": CSV_UPLOAD, "headers": {"Content-Type": "text/csv"}}
    return {"json": body_for(doc, op, world)}


def send(
    doc: dict[str, Any], op: Operation, world: dict[str, str], headers: dict[str, str]
) -> dict[str, Any]:
    """:func:`request_body` with these headers added (the key, Idempotency-Key)."""
    body = request_body(doc, op, world)
    return {**body, "headers": {**headers, **body.get("headers", {})}}


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
    # A second customer, for a merge (into the first) and its preview.
    ("merge_source", "/v1/customers", lambda made: {"merge_source": made["id"]}),
    ("address", "/v1/customers/{}/addresses", lambda made: {"address": made["id"]}),
    ("consent", "/v1/customers/{}/consents", lambda made: {"consent": made["id"]}),
    ("booking", "/v1/bookings", lambda made: {"booking": made["id"]}),
    ("subscription", "/v1/subscriptions", lambda made: {"subscription": made["id"]}),
    ("invoice", "/v1/invoices", lambda made: {"invoice": made["id"]}),
    ("import", "/v1/imports", lambda made: {"import": made["id"]}),
    ("webhook_endpoint", "/v1/webhook_endpoints", lambda made: {"webhook_endpoint": made["id"]}),
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
        sent = send(doc, op, world, headers)
        response = await client.post(fill_path(op, world), **sent)
        # 202: an import, queued (its id is usable at once).
        assert response.status_code in (201, 202), (
            f"recipe {op.label} (tests/hardening/openapi_world.py) failed: "
            f"{response.status_code} {response.text} for {sent.get('json')}"
        )
        world |= read_ids(response.json())
    # The events of those changes, numbered as a worker would (tests run none), give the
    # world an event.
    database = _database_of(client)
    if database is not None and find(doc, "get /v1/events/{}") is not None:
        await number_events(database)
        listed = await client.get("/v1/events", params={"per_page": 1}, headers=headers)
        assert listed.status_code == 200 and listed.json()["data"], listed.text
        world["event"] = listed.json()["data"][0]["id"]
    return world


def _database_of(client: httpx.AsyncClient) -> Database | None:
    # The app behind an in-process client (httpx keeps its transport private).
    app = getattr(getattr(client, "_transport", None), "app", None)
    database = getattr(getattr(app, "state", None), "database", None)
    return database if isinstance(database, Database) else None


def world_resources(doc: dict[str, Any], world: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(kind, url) of every created resource that has a GET, to snapshot it."""
    for op in operations(doc):
        if op.method != "get" or len(op.path_params) != 1:
            continue
        kind = kind_of(op, op.path_params[0])
        if kind in world and op.path.endswith("}"):
            yield kind, fill_path(op, world)
