from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.import_row_error_list import ImportRowErrorList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    import_id: str,
    *,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    accept: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["Accept"] = accept

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/imports/{import_id}/errors".format(
            import_id=quote(str(import_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ImportRowErrorList | None:
    if response.status_code == 200:
        response_200 = ImportRowErrorList.from_dict(response.json())

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
) -> Response[ErrorResponse | ImportRowErrorList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    import_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | ImportRowErrorList]:
    """List an import's rejected rows

     Each rejected row: its row number (the header is row 1), the column, the value as given and why.
    `Accept: text/csv` answers all of them as CSV, unpaginated.

    Args:
        import_id (str): The import's id (`imp_...`).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        accept (str | Unset): `application/json` (a page) or `text/csv` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImportRowErrorList]
    """

    kwargs = _get_kwargs(
        import_id=import_id,
        page=page,
        per_page=per_page,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    import_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    accept: str | Unset = UNSET,
) -> ErrorResponse | ImportRowErrorList | None:
    """List an import's rejected rows

     Each rejected row: its row number (the header is row 1), the column, the value as given and why.
    `Accept: text/csv` answers all of them as CSV, unpaginated.

    Args:
        import_id (str): The import's id (`imp_...`).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        accept (str | Unset): `application/json` (a page) or `text/csv` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImportRowErrorList
    """

    return sync_detailed(
        import_id=import_id,
        client=client,
        page=page,
        per_page=per_page,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    import_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    accept: str | Unset = UNSET,
) -> Response[ErrorResponse | ImportRowErrorList]:
    """List an import's rejected rows

     Each rejected row: its row number (the header is row 1), the column, the value as given and why.
    `Accept: text/csv` answers all of them as CSV, unpaginated.

    Args:
        import_id (str): The import's id (`imp_...`).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        accept (str | Unset): `application/json` (a page) or `text/csv` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImportRowErrorList]
    """

    kwargs = _get_kwargs(
        import_id=import_id,
        page=page,
        per_page=per_page,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    import_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
    accept: str | Unset = UNSET,
) -> ErrorResponse | ImportRowErrorList | None:
    """List an import's rejected rows

     Each rejected row: its row number (the header is row 1), the column, the value as given and why.
    `Accept: text/csv` answers all of them as CSV, unpaginated.

    Args:
        import_id (str): The import's id (`imp_...`).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.
        accept (str | Unset): `application/json` (a page) or `text/csv` (all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImportRowErrorList
    """

    return (
        await asyncio_detailed(
            import_id=import_id,
            client=client,
            page=page,
            per_page=per_page,
            accept=accept,
        )
    ).parsed
