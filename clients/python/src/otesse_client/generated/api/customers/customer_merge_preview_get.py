from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.merge_preview import MergePreview
from ...types import UNSET, Response


def _get_kwargs(
    customer_id: str,
    *,
    source_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["source_id"] = source_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/customers/{customer_id}/merge_preview".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | MergePreview | None:
    if response.status_code == 200:
        response_200 = MergePreview.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[ErrorResponse | MergePreview]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    source_id: str,
) -> Response[ErrorResponse | MergePreview]:
    """Preview a merge

     What `POST /v1/customers/{customer_id}/merge` with this `source_id` would produce, without writing
    anything: both customers as the merge would leave them and how many rows would move. Refused as the
    merge would be. Everything the source owns moves to this customer in one transaction: addresses
    (this customer's default stays the default), bookings, subscriptions, invoices, invitation history,
    tags, the metadata keys this customer lacks, and its external_id when this customer has none. Stats
    are recomputed from the moved rows. The source keeps its id: it gets status `merged` and
    `merged_into`, leaves lists given no status, refuses writes (409 `customer_merged`) and its email is
    released. Refused: a customer into itself, into a merged or deactivated customer, or a source merged
    already (409), a customer of another account (404).

    Args:
        customer_id (str):
        source_id (str): The customer that would be merged in.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MergePreview]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        source_id=source_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    source_id: str,
) -> ErrorResponse | MergePreview | None:
    """Preview a merge

     What `POST /v1/customers/{customer_id}/merge` with this `source_id` would produce, without writing
    anything: both customers as the merge would leave them and how many rows would move. Refused as the
    merge would be. Everything the source owns moves to this customer in one transaction: addresses
    (this customer's default stays the default), bookings, subscriptions, invoices, invitation history,
    tags, the metadata keys this customer lacks, and its external_id when this customer has none. Stats
    are recomputed from the moved rows. The source keeps its id: it gets status `merged` and
    `merged_into`, leaves lists given no status, refuses writes (409 `customer_merged`) and its email is
    released. Refused: a customer into itself, into a merged or deactivated customer, or a source merged
    already (409), a customer of another account (404).

    Args:
        customer_id (str):
        source_id (str): The customer that would be merged in.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MergePreview
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        source_id=source_id,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    source_id: str,
) -> Response[ErrorResponse | MergePreview]:
    """Preview a merge

     What `POST /v1/customers/{customer_id}/merge` with this `source_id` would produce, without writing
    anything: both customers as the merge would leave them and how many rows would move. Refused as the
    merge would be. Everything the source owns moves to this customer in one transaction: addresses
    (this customer's default stays the default), bookings, subscriptions, invoices, invitation history,
    tags, the metadata keys this customer lacks, and its external_id when this customer has none. Stats
    are recomputed from the moved rows. The source keeps its id: it gets status `merged` and
    `merged_into`, leaves lists given no status, refuses writes (409 `customer_merged`) and its email is
    released. Refused: a customer into itself, into a merged or deactivated customer, or a source merged
    already (409), a customer of another account (404).

    Args:
        customer_id (str):
        source_id (str): The customer that would be merged in.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MergePreview]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        source_id=source_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    source_id: str,
) -> ErrorResponse | MergePreview | None:
    """Preview a merge

     What `POST /v1/customers/{customer_id}/merge` with this `source_id` would produce, without writing
    anything: both customers as the merge would leave them and how many rows would move. Refused as the
    merge would be. Everything the source owns moves to this customer in one transaction: addresses
    (this customer's default stays the default), bookings, subscriptions, invoices, invitation history,
    tags, the metadata keys this customer lacks, and its external_id when this customer has none. Stats
    are recomputed from the moved rows. The source keeps its id: it gets status `merged` and
    `merged_into`, leaves lists given no status, refuses writes (409 `customer_merged`) and its email is
    released. Refused: a customer into itself, into a merged or deactivated customer, or a source merged
    already (409), a customer of another account (404).

    Args:
        customer_id (str):
        source_id (str): The customer that would be merged in.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MergePreview
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            source_id=source_id,
        )
    ).parsed
