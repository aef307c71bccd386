"""What the document says beyond the routes: the response headers every operation sends, the
links from a create to the operations that take the new id, and the API's own description.

Declared here once, from the shape of each operation (authenticated or not, a list, a POST
honouring ``Idempotency-Key``, a 201), so an operation added later is described the same way.
"""

import re
from typing import Any

_COUNT = {"type": "string", "pattern": "^[0-9]+$"}
HEADERS: dict[str, dict[str, Any]] = {
    "RequestId": {
        "description": "This request's id; quote it when reporting a problem.",
        "schema": {"type": "string"},
    },
    "RateLimitLimit": {
        "description": "Requests allowed per window for this key.",
        "schema": _COUNT,
    },
    "RateLimitRemaining": {"description": "Requests left in the window.", "schema": _COUNT},
    "RateLimitReset": {"description": "Seconds until the window resets.", "schema": _COUNT},
    "RetryAfter": {"description": "Seconds to wait before retrying.", "schema": _COUNT},
    "Link": {
        "description": "RFC 8288 links to the `first`, `prev`, `next` and `last` pages "
        "(`last` and `next` absent from an empty list).",
        "schema": {"type": "string"},
    },
    "Location": {"description": "Path of the created resource.", "schema": {"type": "string"}},
    "IdempotentReplayed": {
        "description": "`true` when this answer replays the first one for the same "
        "`Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "WWWAuthenticate": {
        "description": "The authentication scheme: `Bearer`.",
        "schema": {"type": "string"},
    },
}
_HEADER_NAMES = {
    "RequestId": "Request-Id", "RateLimitLimit": "RateLimit-Limit",
    "RateLimitRemaining": "RateLimit-Remaining", "RateLimitReset": "RateLimit-Reset",
    "RetryAfter": "Retry-After", "Link": "Link", "Location": "Location",
    "IdempotentReplayed": "Idempotent-Replayed", "WWWAuthenticate": "WWW-Authenticate",
}  # fmt: skip
_PARAM = re.compile(r"\{([^}]+)\}")


def _ref(*components: str) -> dict[str, Any]:
    return {_HEADER_NAMES[name]: {"$ref": f"#/components/headers/{name}"} for name in components}


def _is_list(schema: dict[str, Any], response: dict[str, Any]) -> bool:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return False
    target = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return "pagination" in target.get("properties", {})


def _headers_of(schema: dict[str, Any], operation: dict[str, Any], status: str) -> list[str]:
    names = ["RequestId"]
    authenticated = operation.get("security") != []
    if authenticated and status != "401":
        names += ["RateLimitLimit", "RateLimitRemaining", "RateLimitReset"]
    if status in ("429", "503"):
        names.append("RetryAfter")
    if status == "401":
        names.append("WWWAuthenticate")
    response = operation["responses"][status]
    if status == "200" and _is_list(schema, response):
        names.append("Link")
    takes_key = any(p.get("name") == "Idempotency-Key" for p in operation.get("parameters", []))
    if takes_key and status.startswith("2"):
        names.append("IdempotentReplayed")
    if status == "201":
        names.append("Location")
    return names


def declare_headers(schema: dict[str, Any]) -> None:
    schema.setdefault("components", {})["headers"] = HEADERS
    for path, path_item in schema.get("paths", {}).items():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                declared = response.setdefault("headers", {})
                for name, ref in _ref(*_headers_of(schema, operation, status)).items():
                    declared.setdefault(name, ref)
            _link_created(schema, path, operation)
            _describe_path_parameters(operation)


def _link_created(schema: dict[str, Any], path: str, operation: dict[str, Any]) -> None:
    """A 201 links to every operation on ``<path>/{id}``: the new resource's id fills it."""
    created = operation.get("responses", {}).get("201")
    if created is None:
        return
    links = {}
    for other_path, path_item in schema["paths"].items():
        rest = other_path.removeprefix(path + "/")
        if rest == other_path or not rest.startswith("{") or "/" in rest:
            continue
        new_param = rest.strip("{}")
        for other in path_item.values():
            parameters = {name: f"$request.path.{name}" for name in _PARAM.findall(path)}
            links[other["operationId"]] = {
                "operationId": other["operationId"],
                "parameters": {**parameters, new_param: "$response.body#/id"},
            }
    if links:
        created["links"] = dict(sorted(links.items()))


def _describe_path_parameters(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path" and "description" not in parameter:
            what = parameter["name"].removesuffix("_id").replace("_", " ")
            parameter["description"] = f"The {what}'s id."


DESCRIPTION = """\
Customers, their addresses, bookings, subscriptions and invoices of a home-services company.

Every request but `GET /v1/health` authenticates with `Authorization: Bearer <secret key>`.
Errors have one shape, `{"error": {"type", "code", "message", "param", "request_id"}}`;
`param` names the parameter at fault. Lists are paginated with `page` and `per_page` and
answer a `Link` header; every POST honours `Idempotency-Key`; customers carry an `ETag` that
`If-Match` takes. A method a path does not serve is a 405 with `Allow`. See docs/ in the
repository: api-conventions.md, domain.md, sdk.md.
"""
TAGS = [
    {"name": "health", "description": "Is the service up."},
    {"name": "customers", "description": "Customers and what belongs to each of them."},
    {"name": "addresses", "description": "A customer's service addresses."},
    {"name": "consents", "description": "A customer's consent ledger, append-only."},
    {"name": "zones", "description": "Service zones and their ZIP codes."},
    {"name": "bookings", "description": "Cleaning visits and their life cycle."},
    {"name": "subscriptions", "description": "Recurring service at one address."},
    {"name": "invoices", "description": "What a customer owes and has paid."},
]


def describe_api(schema: dict[str, Any]) -> None:
    info = schema.setdefault("info", {})
    info["description"] = DESCRIPTION
    info["license"] = {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}
    info["contact"] = {"name": "Otesse API team"}
    schema["servers"] = [
        {"url": "http://127.0.0.1:8000", "description": "`make run` on your machine"}
    ]
    known = {tag["name"] for tag in TAGS}
    used = {tag for op in _all(schema) for tag in op.get("tags", [])}
    schema["tags"] = [
        *TAGS,
        *({"name": name, "description": name} for name in sorted(used - known)),
    ]


def _all(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in schema.get("paths", {}).values() for op in item.values()]
