from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_read import CustomerRead
from ...models.error_response import ErrorResponse
from ...models.merge_request import MergeRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    body: MergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/customers/{customer_id}/merge".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomerRead | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CustomerRead.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorResponse.from_dict(response.json())

        return response_415

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
) -> Response[CustomerRead | ErrorResponse]:
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
    body: MergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CustomerRead | ErrorResponse]:
    """Merge another customer into this one

     Everything the source owns moves to this customer in one transaction: addresses (this customer's
    default stays the default), bookings, subscriptions, invoices, invitation history, tags, the
    metadata keys this customer lacks, and its external_id when this customer has none. Stats are
    recomputed from the moved rows. The source keeps its id: it gets status `merged` and `merged_into`,
    leaves lists given no status, refuses writes (409 `customer_merged`) and its email is released.
    Refused: a customer into itself, into a merged or deactivated customer, or a source merged already
    (409), a customer of another account (404). Answers this customer as the merge left it.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerRead | ErrorResponse]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: MergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> CustomerRead | ErrorResponse | None:
    """Merge another customer into this one

     Everything the source owns moves to this customer in one transaction: addresses (this customer's
    default stays the default), bookings, subscriptions, invoices, invitation history, tags, the
    metadata keys this customer lacks, and its external_id when this customer has none. Stats are
    recomputed from the moved rows. The source keeps its id: it gets status `merged` and `merged_into`,
    leaves lists given no status, refuses writes (409 `customer_merged`) and its email is released.
    Refused: a customer into itself, into a merged or deactivated customer, or a source merged already
    (409), a customer of another account (404). Answers this customer as the merge left it.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerRead | ErrorResponse
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: MergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CustomerRead | ErrorResponse]:
    """Merge another customer into this one

     Everything the source owns moves to this customer in one transaction: addresses (this customer's
    default stays the default), bookings, subscriptions, invoices, invitation history, tags, the
    metadata keys this customer lacks, and its external_id when this customer has none. Stats are
    recomputed from the moved rows. The source keeps its id: it gets status `merged` and `merged_into`,
    leaves lists given no status, refuses writes (409 `customer_merged`) and its email is released.
    Refused: a customer into itself, into a merged or deactivated customer, or a source merged already
    (409), a customer of another account (404). Answers this customer as the merge left it.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerRead | ErrorResponse]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: MergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> CustomerRead | ErrorResponse | None:
    """Merge another customer into this one

     Everything the source owns moves to this customer in one transaction: addresses (this customer's
    default stays the default), bookings, subscriptions, invoices, invitation history, tags, the
    metadata keys this customer lacks, and its external_id when this customer has none. Stats are
    recomputed from the moved rows. The source keeps its id: it gets status `merged` and `merged_into`,
    leaves lists given no status, refuses writes (409 `customer_merged`) and its email is released.
    Refused: a customer into itself, into a merged or deactivated customer, or a source merged already
    (409), a customer of another account (404). Answers this customer as the merge left it.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerRead | ErrorResponse
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
