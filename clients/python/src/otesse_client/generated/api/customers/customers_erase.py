from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_erase import CustomerErase
from ...models.customer_read import CustomerRead
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    body: CustomerErase,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/customers/{customer_id}/erase".format(
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
    body: CustomerErase,
    idempotency_key: str | Unset = UNSET,
) -> Response[CustomerRead | ErrorResponse]:
    """Erase a customer's personal data

     Irreversible. Replaces the name and email with placeholders, clears the phone, the streets, access
    notes and booking notes, cancels future bookings and active subscriptions, cancels mail not yet
    sent, and sets status `erased`; invoices, booking dates and prices are kept (tax records). Requires
    `confirm` = the customer's id (else 409 `confirmation_mismatch`). Erasing an erased customer answers
    the same record; any other change to it is a 409 `customer_erased`.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (CustomerErase):

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
    body: CustomerErase,
    idempotency_key: str | Unset = UNSET,
) -> CustomerRead | ErrorResponse | None:
    """Erase a customer's personal data

     Irreversible. Replaces the name and email with placeholders, clears the phone, the streets, access
    notes and booking notes, cancels future bookings and active subscriptions, cancels mail not yet
    sent, and sets status `erased`; invoices, booking dates and prices are kept (tax records). Requires
    `confirm` = the customer's id (else 409 `confirmation_mismatch`). Erasing an erased customer answers
    the same record; any other change to it is a 409 `customer_erased`.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (CustomerErase):

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
    body: CustomerErase,
    idempotency_key: str | Unset = UNSET,
) -> Response[CustomerRead | ErrorResponse]:
    """Erase a customer's personal data

     Irreversible. Replaces the name and email with placeholders, clears the phone, the streets, access
    notes and booking notes, cancels future bookings and active subscriptions, cancels mail not yet
    sent, and sets status `erased`; invoices, booking dates and prices are kept (tax records). Requires
    `confirm` = the customer's id (else 409 `confirmation_mismatch`). Erasing an erased customer answers
    the same record; any other change to it is a 409 `customer_erased`.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (CustomerErase):

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
    body: CustomerErase,
    idempotency_key: str | Unset = UNSET,
) -> CustomerRead | ErrorResponse | None:
    """Erase a customer's personal data

     Irreversible. Replaces the name and email with placeholders, clears the phone, the streets, access
    notes and booking notes, cancels future bookings and active subscriptions, cancels mail not yet
    sent, and sets status `erased`; invoices, booking dates and prices are kept (tax records). Requires
    `confirm` = the customer's id (else 409 `confirmation_mismatch`). Erasing an erased customer answers
    the same record; any other change to it is a 409 `customer_erased`.

    Args:
        customer_id (str):
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (CustomerErase):

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
