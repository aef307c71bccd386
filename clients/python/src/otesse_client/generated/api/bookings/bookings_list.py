import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_list import BookingList
from ...models.booking_sort import BookingSort
from ...models.booking_status import BookingStatus
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    customer_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    subscription_id: str | Unset = UNSET,
    scheduled_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    scheduled_before: datetime.date | datetime.datetime | None | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    sort: BookingSort | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["customer_id"] = customer_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["zone_id"] = zone_id

    params["subscription_id"] = subscription_id

    json_scheduled_after: None | str | Unset
    if isinstance(scheduled_after, Unset):
        json_scheduled_after = UNSET
    elif isinstance(scheduled_after, datetime.datetime) or isinstance(
        scheduled_after, datetime.date
    ):
        json_scheduled_after = scheduled_after.isoformat()
    else:
        json_scheduled_after = scheduled_after
    params["scheduled_after"] = json_scheduled_after

    json_scheduled_before: None | str | Unset
    if isinstance(scheduled_before, Unset):
        json_scheduled_before = UNSET
    elif isinstance(scheduled_before, datetime.datetime) or isinstance(
        scheduled_before, datetime.date
    ):
        json_scheduled_before = scheduled_before.isoformat()
    else:
        json_scheduled_before = scheduled_before
    params["scheduled_before"] = json_scheduled_before

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

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/bookings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BookingList | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = BookingList.from_dict(response.json())

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
) -> Response[BookingList | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    customer_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    subscription_id: str | Unset = UNSET,
    scheduled_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    scheduled_before: datetime.date | datetime.datetime | None | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    sort: BookingSort | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[BookingList | ErrorResponse]:
    """List bookings

     The tenant's bookings, by `scheduled_at` (newest first unless `sort` says otherwise), ties by id.

    Args:
        customer_id (str | Unset): Only this customer's bookings.
        status (BookingStatus | Unset):
        zone_id (str | Unset): Bookings at addresses in the zone.
        subscription_id (str | Unset): Bookings of this subscription.
        scheduled_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or
            a date (its midnight UTC); exclusive.
        scheduled_before (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time,
            or a date (its midnight UTC); exclusive.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        sort (BookingSort | Unset):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        status=status,
        zone_id=zone_id,
        subscription_id=subscription_id,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        created_after=created_after,
        sort=sort,
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
    customer_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    subscription_id: str | Unset = UNSET,
    scheduled_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    scheduled_before: datetime.date | datetime.datetime | None | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    sort: BookingSort | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> BookingList | ErrorResponse | None:
    """List bookings

     The tenant's bookings, by `scheduled_at` (newest first unless `sort` says otherwise), ties by id.

    Args:
        customer_id (str | Unset): Only this customer's bookings.
        status (BookingStatus | Unset):
        zone_id (str | Unset): Bookings at addresses in the zone.
        subscription_id (str | Unset): Bookings of this subscription.
        scheduled_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or
            a date (its midnight UTC); exclusive.
        scheduled_before (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time,
            or a date (its midnight UTC); exclusive.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        sort (BookingSort | Unset):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingList | ErrorResponse
    """

    return sync_detailed(
        client=client,
        customer_id=customer_id,
        status=status,
        zone_id=zone_id,
        subscription_id=subscription_id,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        created_after=created_after,
        sort=sort,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    customer_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    subscription_id: str | Unset = UNSET,
    scheduled_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    scheduled_before: datetime.date | datetime.datetime | None | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    sort: BookingSort | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> Response[BookingList | ErrorResponse]:
    """List bookings

     The tenant's bookings, by `scheduled_at` (newest first unless `sort` says otherwise), ties by id.

    Args:
        customer_id (str | Unset): Only this customer's bookings.
        status (BookingStatus | Unset):
        zone_id (str | Unset): Bookings at addresses in the zone.
        subscription_id (str | Unset): Bookings of this subscription.
        scheduled_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or
            a date (its midnight UTC); exclusive.
        scheduled_before (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time,
            or a date (its midnight UTC); exclusive.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        sort (BookingSort | Unset):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        status=status,
        zone_id=zone_id,
        subscription_id=subscription_id,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        created_after=created_after,
        sort=sort,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    customer_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    zone_id: str | Unset = UNSET,
    subscription_id: str | Unset = UNSET,
    scheduled_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    scheduled_before: datetime.date | datetime.datetime | None | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | None | Unset = UNSET,
    sort: BookingSort | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 25,
) -> BookingList | ErrorResponse | None:
    """List bookings

     The tenant's bookings, by `scheduled_at` (newest first unless `sort` says otherwise), ties by id.

    Args:
        customer_id (str | Unset): Only this customer's bookings.
        status (BookingStatus | Unset):
        zone_id (str | Unset): Bookings at addresses in the zone.
        subscription_id (str | Unset): Bookings of this subscription.
        scheduled_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or
            a date (its midnight UTC); exclusive.
        scheduled_before (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time,
            or a date (its midnight UTC); exclusive.
        created_after (datetime.date | datetime.datetime | None | Unset): RFC 3339 date-time, or a
            date (its midnight UTC); exclusive.
        sort (BookingSort | Unset):
        page (int | Unset): Page number, from 1. Default: 1.
        per_page (int | Unset): Items per page (max: 100). Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingList | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            customer_id=customer_id,
            status=status,
            zone_id=zone_id,
            subscription_id=subscription_id,
            scheduled_after=scheduled_after,
            scheduled_before=scheduled_before,
            created_after=created_after,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    ).parsed
