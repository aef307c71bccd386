"""The list ``Link`` header keeps the request's other parameters and puts page and per_page
last, exactly as Starlette's ``URL.include_query_params`` writes them."""

import pytest
from fastapi import Request, Response

from otesse.core.pagination import PageRequest, set_link_header


def request_for(query: str) -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": "https",
            "server": ("api.otesse.test", 443),
            "path": "/v1/customers",
            "query_string": query.encode(),
            "headers": [(b"host", b"api.otesse.test")],
        }
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=3&per_page=10",
        "search=o%27brien&status=active&page=3",
        "per_page=10&zone_id=zone_1&zone_id=zone_2&search=&page=3",
        "search=50%25+off&created_after=2025-06-15T09%3A00%3A00Z",
    ],
)
def test_links_are_the_request_url_with_the_page_replaced(query: str) -> None:
    request = request_for(query)
    response = Response()

    set_link_header(response, request, PageRequest(page=3, per_page=10), total=95)

    expected = ", ".join(
        f'<{request.url.include_query_params(page=number, per_page=10)}>; rel="{rel}"'
        for rel, number in (("first", 1), ("last", 10), ("prev", 2), ("next", 4))
    )
    assert response.headers["Link"] == expected
