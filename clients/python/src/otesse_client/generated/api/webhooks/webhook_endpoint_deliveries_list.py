from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.webhook_attempt_list import WebhookAttemptList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    *,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhook_endpoints/{endpoint_id}/deliveries".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | WebhookAttemptList | None:
    if response.status_code == 200:
        response_200 = WebhookAttemptList.from_dict(response.json())

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
) -> Response[ErrorResponse | WebhookAttemptList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[ErrorResponse | WebhookAttemptList]:
    """List an endpoint's delivery attempts

     Every attempt to deliver an event to this endpoint, newest first: event, attempt number, status
    code, duration, error and the next retry.

    Args:
        endpoint_id (str):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WebhookAttemptList]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> ErrorResponse | WebhookAttemptList | None:
    """List an endpoint's delivery attempts

     Every attempt to deliver an event to this endpoint, newest first: event, attempt number, status
    code, duration, error and the next retry.

    Args:
        endpoint_id (str):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WebhookAttemptList
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[ErrorResponse | WebhookAttemptList]:
    """List an endpoint's delivery attempts

     Every attempt to deliver an event to this endpoint, newest first: event, attempt number, status
    code, duration, error and the next retry.

    Args:
        endpoint_id (str):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WebhookAttemptList]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> ErrorResponse | WebhookAttemptList | None:
    """List an endpoint's delivery attempts

     Every attempt to deliver an event to this endpoint, newest first: event, attempt number, status
    code, duration, error and the next retry.

    Args:
        endpoint_id (str):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WebhookAttemptList
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
