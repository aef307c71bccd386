from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.import_format import ImportFormat
from ...models.import_read import ImportRead
from ...models.imports_create_files_body import ImportsCreateFilesBody
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: ImportsCreateFilesBody | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    send_invitations: bool | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["dry_run"] = dry_run

    params["send_invitations"] = send_invitations

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/imports",
        "params": params,
    }

    if isinstance(body, ImportsCreateFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ImportRead | None:
    if response.status_code == 202:
        response_202 = ImportRead.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | ImportRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportsCreateFilesBody | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    send_invitations: bool | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImportRead]:
    """Import customers from a CSV file

     Upload a CSV (`multipart/form-data` with the file in a part named `file` and optional `format`,
    `dry_run`, `send_invitations` fields, or a `text/csv` body with those as query parameters; up to 64
    MiB). Answers 202 with the queued import; a worker imports it. Rows match existing customers by
    external_id, then by email, and update them or are skipped; a row naming two customers fails alone
    (`match_conflict`) (docs/import.md).

    Args:
        format_ (ImportFormat | Unset):
        dry_run (bool | Unset): Check every row, write nothing (default false).
        send_invitations (bool | Unset): Email each new customer an invitation (default false).
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (ImportsCreateFilesBody):
        body (File): The CSV (not empty).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImportRead]
    """

    kwargs = _get_kwargs(
        body=body,
        format_=format_,
        dry_run=dry_run,
        send_invitations=send_invitations,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ImportsCreateFilesBody | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    send_invitations: bool | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImportRead | None:
    """Import customers from a CSV file

     Upload a CSV (`multipart/form-data` with the file in a part named `file` and optional `format`,
    `dry_run`, `send_invitations` fields, or a `text/csv` body with those as query parameters; up to 64
    MiB). Answers 202 with the queued import; a worker imports it. Rows match existing customers by
    external_id, then by email, and update them or are skipped; a row naming two customers fails alone
    (`match_conflict`) (docs/import.md).

    Args:
        format_ (ImportFormat | Unset):
        dry_run (bool | Unset): Check every row, write nothing (default false).
        send_invitations (bool | Unset): Email each new customer an invitation (default false).
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (ImportsCreateFilesBody):
        body (File): The CSV (not empty).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImportRead
    """

    return sync_detailed(
        client=client,
        body=body,
        format_=format_,
        dry_run=dry_run,
        send_invitations=send_invitations,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportsCreateFilesBody | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    send_invitations: bool | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | ImportRead]:
    """Import customers from a CSV file

     Upload a CSV (`multipart/form-data` with the file in a part named `file` and optional `format`,
    `dry_run`, `send_invitations` fields, or a `text/csv` body with those as query parameters; up to 64
    MiB). Answers 202 with the queued import; a worker imports it. Rows match existing customers by
    external_id, then by email, and update them or are skipped; a row naming two customers fails alone
    (`match_conflict`) (docs/import.md).

    Args:
        format_ (ImportFormat | Unset):
        dry_run (bool | Unset): Check every row, write nothing (default false).
        send_invitations (bool | Unset): Email each new customer an invitation (default false).
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (ImportsCreateFilesBody):
        body (File): The CSV (not empty).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ImportRead]
    """

    kwargs = _get_kwargs(
        body=body,
        format_=format_,
        dry_run=dry_run,
        send_invitations=send_invitations,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImportsCreateFilesBody | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    send_invitations: bool | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | ImportRead | None:
    """Import customers from a CSV file

     Upload a CSV (`multipart/form-data` with the file in a part named `file` and optional `format`,
    `dry_run`, `send_invitations` fields, or a `text/csv` body with those as query parameters; up to 64
    MiB). Answers 202 with the queued import; a worker imports it. Rows match existing customers by
    external_id, then by email, and update them or are skipped; a row naming two customers fails alone
    (`match_conflict`) (docs/import.md).

    Args:
        format_ (ImportFormat | Unset):
        dry_run (bool | Unset): Check every row, write nothing (default false).
        send_invitations (bool | Unset): Email each new customer an invitation (default false).
        idempotency_key (str | Unset): Retry-safe POST: a replay within 24 h gets the first
            answer; the same key with another request is a 409 `idempotency_key_reused`.
        body (ImportsCreateFilesBody):
        body (File): The CSV (not empty).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ImportRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            format_=format_,
            dry_run=dry_run,
            send_invitations=send_invitations,
            idempotency_key=idempotency_key,
        )
    ).parsed
