"""Page-number pagination: the seed's envelope and an RFC 8288 ``Link`` header."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Query, Request, Response
from pydantic import BaseModel

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


async def page_request(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[
        int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page (max: 100).")
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


def set_link_header(response: Response, request: Request, page: PageRequest, total: int) -> None:
    # An empty list has no last page: `last` is left out (as `total_pages` is 0), `first`
    # still names page 1, where the list will start.
    last = total_pages(total, page.per_page)
    links = {"first": 1} | ({"last": last} if last else {})
    if page.page > 1:
        links["prev"] = min(page.page - 1, max(1, last))
    if page.page < last:
        links["next"] = page.page + 1
    # The request's URL with page and per_page moved last (as Starlette's
    # include_query_params writes it), the query parsed once for the four links.
    url = request.url
    others = [
        pair
        for pair in parse_qsl(url.query, keep_blank_values=True)
        if pair[0] not in ("page", "per_page")
    ]
    base = str(url).partition("?")[0]
    parts = []
    for rel, number in links.items():
        query = urlencode([*others, ("page", number), ("per_page", page.per_page)])
        parts.append(f'<{base}?{query}>; rel="{rel}"')
    response.headers["Link"] = ", ".join(parts)
