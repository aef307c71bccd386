import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.event_list import EventList
from ...models.event_selector import EventSelector
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: list[EventSelector] | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: list[str] | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = []
        for type_item_data in type_:
            type_item = type_item_data.value
            json_type_.append(type_item)

    params["type"] = json_type_

    params["customer_id"] = customer_id

    json_created_after: None | str | Unset
    if isinstance(created_after, Unset):
        json_created_after = UNSET
    elif isinstance(created_after, datetime.datetime) or isinstance(
        created_after, datetime.date
    ):
        json_created_after = created_after.isoformat()
    else:
        json_created_after = created_after
    params["created_after"] = json_created_after

    params["after_sequence"] = after_sequence

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | EventList | None:
    if response.status_code == 200:
        response_200 = EventList.from_dict(response.json())

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
) -> Response[ErrorResponse | EventList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: list[EventSelector] | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[ErrorResponse | EventList]:
    """List events

     Every committed change, newest first, with the exact total. With `after_sequence=N` it is the change
    feed: the events after `N`, oldest first; read until `has_more` is false and resume from the last
    `sequence` seen — a sequence number is given at commit, so no event committed late is ever skipped.
    Kept 30 days by default.

    Args:
        type_ (list[EventSelector] | Unset): Only events of these types (repeatable); `customer.*`
            names a family.
        customer_id (str | Unset): Only events about this customer.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        after_sequence (int | Unset): The feed form: events after this `sequence`, oldest first;
            resume from the last `sequence` you read (0 from the start).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | EventList]
    """

    kwargs = _get_kwargs(
        type_=type_,
        customer_id=customer_id,
        created_after=created_after,
        after_sequence=after_sequence,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: list[EventSelector] | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> ErrorResponse | EventList | None:
    """List events

     Every committed change, newest first, with the exact total. With `after_sequence=N` it is the change
    feed: the events after `N`, oldest first; read until `has_more` is false and resume from the last
    `sequence` seen — a sequence number is given at commit, so no event committed late is ever skipped.
    Kept 30 days by default.

    Args:
        type_ (list[EventSelector] | Unset): Only events of these types (repeatable); `customer.*`
            names a family.
        customer_id (str | Unset): Only events about this customer.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        after_sequence (int | Unset): The feed form: events after this `sequence`, oldest first;
            resume from the last `sequence` you read (0 from the start).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | EventList
    """

    return sync_detailed(
        client=client,
        type_=type_,
        customer_id=customer_id,
        created_after=created_after,
        after_sequence=after_sequence,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: list[EventSelector] | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[ErrorResponse | EventList]:
    """List events

     Every committed change, newest first, with the exact total. With `after_sequence=N` it is the change
    feed: the events after `N`, oldest first; read until `has_more` is false and resume from the last
    `sequence` seen — a sequence number is given at commit, so no event committed late is ever skipped.
    Kept 30 days by default.

    Args:
        type_ (list[EventSelector] | Unset): Only events of these types (repeatable); `customer.*`
            names a family.
        customer_id (str | Unset): Only events about this customer.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        after_sequence (int | Unset): The feed form: events after this `sequence`, oldest first;
            resume from the last `sequence` you read (0 from the start).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | EventList]
    """

    kwargs = _get_kwargs(
        type_=type_,
        customer_id=customer_id,
        created_after=created_after,
        after_sequence=after_sequence,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: list[EventSelector] | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> ErrorResponse | EventList | None:
    """List events

     Every committed change, newest first, with the exact total. With `after_sequence=N` it is the change
    feed: the events after `N`, oldest first; read until `has_more` is false and resume from the last
    `sequence` seen — a sequence number is given at commit, so no event committed late is ever skipped.
    Kept 30 days by default.

    Args:
        type_ (list[EventSelector] | Unset): Only events of these types (repeatable); `customer.*`
            names a family.
        customer_id (str | Unset): Only events about this customer.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        after_sequence (int | Unset): The feed form: events after this `sequence`, oldest first;
            resume from the last `sequence` you read (0 from the start).
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | EventList
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            customer_id=customer_id,
            created_after=created_after,
            after_sequence=after_sequence,
            page=page,
            per_page=per_page,
        )
    ).parsed
