"""The list ``Link`` header keeps the list's own parameters and puts page and per_page last,
exactly as Starlette's ``URL.include_query_params`` writes them, on ``OTESSE_PUBLIC_URL``."""

import httpx
import pytest
from starlette.datastructures import URL

from otesse.config import Settings
from tests.factories import Tenant


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
async def test_links_are_the_request_url_with_the_page_replaced(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings, query: str
) -> None:
    response = await client.get(f"/v1/customers?{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    page = response.json()["pagination"]

    url = URL(f"{settings.public_url}/v1/customers?{query}")
    per_page = page["per_page"]
    last = page["total_pages"]  # 0 for an empty list, which has no last page
    expected = [("first", 1)] + ([("last", last)] if last else [])
    if page["page"] > 1:
        expected.append(("prev", min(page["page"] - 1, max(1, last))))
    if page["page"] < last:
        expected.append(("next", page["page"] + 1))
    assert response.headers["Link"] == ", ".join(
        f'<{url.include_query_params(page=number, per_page=per_page)}>; rel="{rel}"'
        for rel, number in expected
    )
