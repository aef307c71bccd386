import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_list import CustomerList
from ...models.customer_status import CustomerStatus
from ...models.customers_list_metadata import CustomersListMetadata
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    search: str | Unset = UNSET,
    status: CustomerStatus | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    has_subscription: bool | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    metadata: CustomersListMetadata | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["search"] = search

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_created_after: str | Unset
    if isinstance(created_after, Unset):
        json_created_after = UNSET
    elif isinstance(created_after, datetime.date):
        json_created_after = created_after.isoformat()
    else:
        json_created_after = created_after.isoformat()

    params["created_after"] = json_created_after

    params["has_subscription"] = has_subscription

    params["zone_id"] = zone_id

    params["external_id"] = external_id

    json_tag: list[str] | Unset = UNSET
    if not isinstance(tag, Unset):
        json_tag = tag

    params["tag"] = json_tag

    params["page"] = page

    params["per_page"] = per_page

    json_metadata: dict[str, Any] | Unset = UNSET
    if not isinstance(metadata, Unset):
        json_metadata = metadata.to_dict()
    if not isinstance(json_metadata, Unset):
        params.update(json_metadata)

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/customers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomerList | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CustomerList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CustomerList | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    search: str | Unset = UNSET,
    status: CustomerStatus | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    has_subscription: bool | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    metadata: CustomersListMetadata | Unset = UNSET,
) -> Response[CustomerList | ErrorResponse]:
    """List customers

     The tenant's customers, newest first (`created_at`, then `id`, descending), with their addresses.
    Filters combine with AND; the `total` is exact.

    Args:
        search (str | Unset): Name, email or phone (substring).
        status (CustomerStatus | Unset):
        created_after (datetime.date | datetime.datetime | Unset): Date or RFC 3339 date-time;
            created at or after it.
        has_subscription (bool | Unset): Has an active subscription (true) or none (false).
        zone_id (str | Unset): Has an address in this zone.
        external_id (str | Unset): Your own id for the customer (exact).
        tag (list[str] | Unset): Holds this tag (case-insensitive); repeat it for customers
            holding all of them: `tag=vip&tag=pets`.
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        metadata (CustomersListMetadata | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        search=search,
        status=status,
        created_after=created_after,
        has_subscription=has_subscription,
        zone_id=zone_id,
        external_id=external_id,
        tag=tag,
        page=page,
        per_page=per_page,
        metadata=metadata,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    search: str | Unset = UNSET,
    status: CustomerStatus | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    has_subscription: bool | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    metadata: CustomersListMetadata | Unset = UNSET,
) -> CustomerList | ErrorResponse | None:
    """List customers

     The tenant's customers, newest first (`created_at`, then `id`, descending), with their addresses.
    Filters combine with AND; the `total` is exact.

    Args:
        search (str | Unset): Name, email or phone (substring).
        status (CustomerStatus | Unset):
        created_after (datetime.date | datetime.datetime | Unset): Date or RFC 3339 date-time;
            created at or after it.
        has_subscription (bool | Unset): Has an active subscription (true) or none (false).
        zone_id (str | Unset): Has an address in this zone.
        external_id (str | Unset): Your own id for the customer (exact).
        tag (list[str] | Unset): Holds this tag (case-insensitive); repeat it for customers
            holding all of them: `tag=vip&tag=pets`.
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        metadata (CustomersListMetadata | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerList | ErrorResponse
    """

    return sync_detailed(
        client=client,
        search=search,
        status=status,
        created_after=created_after,
        has_subscription=has_subscription,
        zone_id=zone_id,
        external_id=external_id,
        tag=tag,
        page=page,
        per_page=per_page,
        metadata=metadata,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    search: str | Unset = UNSET,
    status: CustomerStatus | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    has_subscription: bool | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    metadata: CustomersListMetadata | Unset = UNSET,
) -> Response[CustomerList | ErrorResponse]:
    """List customers

     The tenant's customers, newest first (`created_at`, then `id`, descending), with their addresses.
    Filters combine with AND; the `total` is exact.

    Args:
        search (str | Unset): Name, email or phone (substring).
        status (CustomerStatus | Unset):
        created_after (datetime.date | datetime.datetime | Unset): Date or RFC 3339 date-time;
            created at or after it.
        has_subscription (bool | Unset): Has an active subscription (true) or none (false).
        zone_id (str | Unset): Has an address in this zone.
        external_id (str | Unset): Your own id for the customer (exact).
        tag (list[str] | Unset): Holds this tag (case-insensitive); repeat it for customers
            holding all of them: `tag=vip&tag=pets`.
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        metadata (CustomersListMetadata | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        search=search,
        status=status,
        created_after=created_after,
        has_subscription=has_subscription,
        zone_id=zone_id,
        external_id=external_id,
        tag=tag,
        page=page,
        per_page=per_page,
        metadata=metadata,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    search: str | Unset = UNSET,
    status: CustomerStatus | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    has_subscription: bool | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    metadata: CustomersListMetadata | Unset = UNSET,
) -> CustomerList | ErrorResponse | None:
    """List customers

     The tenant's customers, newest first (`created_at`, then `id`, descending), with their addresses.
    Filters combine with AND; the `total` is exact.

    Args:
        search (str | Unset): Name, email or phone (substring).
        status (CustomerStatus | Unset):
        created_after (datetime.date | datetime.datetime | Unset): Date or RFC 3339 date-time;
            created at or after it.
        has_subscription (bool | Unset): Has an active subscription (true) or none (false).
        zone_id (str | Unset): Has an address in this zone.
        external_id (str | Unset): Your own id for the customer (exact).
        tag (list[str] | Unset): Holds this tag (case-insensitive); repeat it for customers
            holding all of them: `tag=vip&tag=pets`.
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        metadata (CustomersListMetadata | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerList | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            search=search,
            status=status,
            created_after=created_after,
            has_subscription=has_subscription,
            zone_id=zone_id,
            external_id=external_id,
            tag=tag,
            page=page,
            per_page=per_page,
            metadata=metadata,
        )
    ).parsed
