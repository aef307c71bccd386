import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_status import CustomerStatus
from ...models.customers_export_metadata import CustomersExportMetadata
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
    metadata: CustomersExportMetadata | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["Accept"] = accept

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

    json_metadata: dict[str, Any] | Unset = UNSET
    if not isinstance(metadata, Unset):
        json_metadata = metadata.to_dict()
    if not isinstance(json_metadata, Unset):
        params.update(json_metadata)

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/customers/export",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.content)
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
) -> Response[ErrorResponse | str]:
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
    metadata: CustomersExportMetadata | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | str]:
    """Export customers

     The customers matching the list's filters, streamed as `text/csv` (the default; the project's import
    format, so an export re-imports cleanly) or `application/x-ndjson` (by `Accept`), consistent as of
    one snapshot. CSV cells that begin with `=`, `+`, `-` or `@` are prefixed with `'` against formula
    injection.

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
        metadata (CustomersExportMetadata | Unset):
        accept (str | Unset): `text/csv` (the default) or `application/x-ndjson`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | str]
    """

    kwargs = _get_kwargs(
        search=search,
        status=status,
        created_after=created_after,
        has_subscription=has_subscription,
        zone_id=zone_id,
        external_id=external_id,
        tag=tag,
        metadata=metadata,
        accept=accept,
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
    metadata: CustomersExportMetadata | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> ErrorResponse | str | None:
    """Export customers

     The customers matching the list's filters, streamed as `text/csv` (the default; the project's import
    format, so an export re-imports cleanly) or `application/x-ndjson` (by `Accept`), consistent as of
    one snapshot. CSV cells that begin with `=`, `+`, `-` or `@` are prefixed with `'` against formula
    injection.

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
        metadata (CustomersExportMetadata | Unset):
        accept (str | Unset): `text/csv` (the default) or `application/x-ndjson`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | str
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
        metadata=metadata,
        accept=accept,
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
    metadata: CustomersExportMetadata | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | str]:
    """Export customers

     The customers matching the list's filters, streamed as `text/csv` (the default; the project's import
    format, so an export re-imports cleanly) or `application/x-ndjson` (by `Accept`), consistent as of
    one snapshot. CSV cells that begin with `=`, `+`, `-` or `@` are prefixed with `'` against formula
    injection.

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
        metadata (CustomersExportMetadata | Unset):
        accept (str | Unset): `text/csv` (the default) or `application/x-ndjson`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | str]
    """

    kwargs = _get_kwargs(
        search=search,
        status=status,
        created_after=created_after,
        has_subscription=has_subscription,
        zone_id=zone_id,
        external_id=external_id,
        tag=tag,
        metadata=metadata,
        accept=accept,
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
    metadata: CustomersExportMetadata | Unset = UNSET,
    accept: str | Unset = UNSET,
) -> ErrorResponse | str | None:
    """Export customers

     The customers matching the list's filters, streamed as `text/csv` (the default; the project's import
    format, so an export re-imports cleanly) or `application/x-ndjson` (by `Accept`), consistent as of
    one snapshot. CSV cells that begin with `=`, `+`, `-` or `@` are prefixed with `'` against formula
    injection.

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
        metadata (CustomersExportMetadata | Unset):
        accept (str | Unset): `text/csv` (the default) or `application/x-ndjson`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | str
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
            metadata=metadata,
            accept=accept,
        )
    ).parsed
