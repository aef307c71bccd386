"""Page-number pagination: the seed's envelope and an RFC 8288 ``Link`` header."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import Query, Request, Response
from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticCustomError

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _decimal_digits(value: object) -> object:
    """Only ASCII digits: Python's int() (and so Pydantic's lax mode) also reads ``1_0``,
    ``+10`` and `` 10 `` as 10, which no client means and the document does not say."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("int_parsing", "must be written in the digits 0-9 only")
    return value


DIGITS = BeforeValidator(_decimal_digits)


async def page_request(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1."), DIGITS] = 1,
    per_page: Annotated[
        int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page (max: 100)."), DIGITS
    ] = DEFAULT_PER_PAGE,
) -> PageRequest:
    return PageRequest(page=page, per_page=per_page)


class Pagination(BaseModel):
    """The ``pagination`` object of every list (one component for all of them)."""

    page: int
    per_page: int
    total: int
    total_pages: int


def total_pages(total: int, per_page: int) -> int:
    return (total + per_page - 1) // per_page


def pagination(page: PageRequest, total: int) -> dict[str, Any]:
    """The ``pagination`` object of the seed's list envelope."""
    return {
        "page": page.page,
        "per_page": page.per_page,
        "total": total,
        "total_pages": total_pages(total, page.per_page),
    }


def declared_query_names(dependant: Any) -> frozenset[str]:
    """The query parameters a route's dependant declares, its dependencies' included (page,
    per_page, the list's filters): the ones a list links with, and the only ones a route
    takes (core.routing refuses the others)."""
    names: set[str] = set()
    dependants = [dependant]
    while dependants:
        current = dependants.pop()
        names.update(field.alias for field in current.query_params)
        dependants.extend(current.dependencies)
    return frozenset(names)


def declared_deep_objects(openapi_extra: dict[str, Any] | None) -> frozenset[str]:
    """The deepObject query parameters a route declares in its ``openapi_extra`` (a list's
    ``metadata[KEY]=VALUE``): the document shows them, and ``name[KEY]`` is a declared name."""
    parameters = (openapi_extra or {}).get("parameters", [])
    return frozenset(
        parameter["name"]
        for parameter in parameters
        if parameter.get("in") == "query" and parameter.get("style") == "deepObject"
    )


def deep_object_name(name: str) -> str | None:
    """``metadata`` of ``metadata[KEY]``; None for a plain name."""
    opening = name.find("[")
    if opening <= 0 or not name.endswith("]"):
        return None
    return name[:opening]


@dataclass(frozen=True, slots=True)
class DeclaredQuery:
    """The query parameters one route takes: the only ones it accepts (core.routing refuses
    the others) and the ones its list links keep. Built once per route; the route puts it in
    the request's state (``declared_query``)."""

    names: frozenset[str]
    deep_objects: frozenset[str]

    @classmethod
    def of(cls, route: Any) -> "DeclaredQuery":
        if route is None or not hasattr(route, "dependant"):
            return cls(frozenset(), frozenset())
        return cls(
            declared_query_names(route.dependant),
            declared_deep_objects(getattr(route, "openapi_extra", None)),
        )

    def declares(self, name: str) -> bool:
        return name in self.names or deep_object_name(name) in self.deep_objects


def declared_query(request: Request) -> DeclaredQuery:
    found = request.scope.get("state", {}).get("declared_query")
    return found if found is not None else DeclaredQuery.of(request.scope.get("route"))


def deep_object_pairs(request: Request, name: str) -> list[tuple[str, str]]:
    """The (KEY, VALUE) pairs of ``name[KEY]=VALUE`` in the request's query, in order."""
    prefix = f"{name}["
    return [
        (given[len(prefix) : -1], value)
        for given, value in request.query_params.multi_items()
        if given.startswith(prefix) and given.endswith("]")
    ]


def set_link_header(response: Response, request: Request, page: PageRequest, total: int) -> None:
    """RFC 8288 links to the first, previous, next and last pages.

    Built from ``OTESSE_PUBLIC_URL`` and the request's path, never from its ``Host`` header (a
    cache in front would otherwise store links to whatever host a client claimed), and from
    the query parameters this list declares only: anything else a client sent is not echoed.
    An empty list has no last page: `last` is left out (as `total_pages` is 0), `first` still
    names page 1, where the list will start.
    """
    last = total_pages(total, page.per_page)
    links = {"first": 1} | ({"last": last} if last else {})
    if page.page > 1:
        links["prev"] = min(page.page - 1, max(1, last))
    if page.page < last:
        links["next"] = page.page + 1
    # page and per_page moved last (as Starlette's include_query_params writes them); the
    # query is parsed and encoded once for the four links.
    declared = declared_query(request)
    others = urlencode(
        [
            pair
            for pair in parse_qsl(
                request.scope["query_string"].decode("latin-1"), keep_blank_values=True
            )
            if declared.declares(pair[0]) and pair[0] not in ("page", "per_page")
        ]
    )
    public_url = request.app.state.settings.public_url.rstrip("/")
    base = public_url + quote(request.scope.get("root_path", "") + request.scope["path"])
    start = f"{base}?{others}&" if others else f"{base}?"
    response.headers["Link"] = ", ".join(
        f'<{start}page={number}&per_page={page.per_page}>; rel="{rel}"'
        for rel, number in links.items()
    )
