"""HTTP for /v1/customers: parse, call the service, shape the response.

Responses are serialised with orjson from plain dicts (the read paths are hot); the
``response_model`` declarations keep the OpenAPI document exact all the same.
"""

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal, Principal
from otesse.consents.service import Witness
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode, encoded_page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, deep_object_pairs, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.customers import export, service
from otesse.customers.etags import IF_MATCH_PATTERN, check_if_match, etag_of
from otesse.customers.filters import BY_NAME, DEEP_OBJECT_FILTERS, FILTERS, CustomerFilters
from otesse.customers.schemas import CustomerCreate, CustomerList, CustomerRead, CustomerUpdate

router = APIRouter(prefix="/v1/customers", tags=["customers"], route_class=TransactionalRoute)

Session = Annotated[AsyncSession, Depends(get_session)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="An ETag from GET; 412 when the customer changed since.",
        json_schema_extra={
            "type": "string",
            # RFC 9110's name for the value; the pattern is its syntax, the format lets a
            # generator that narrows header values to letters and digits know it must not.
            "format": "entity-tag",
            "pattern": IF_MATCH_PATTERN,
            "examples": ['"4b1c0e7d9a2f4c8e7b5a1d2c3e4f5a60"', "*"],
        },
    ),
]
WITH_ETAG: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "ETag": {
                "description": "Strong tag of this representation.",
                "schema": {"type": "string"},
            }
        }
    }
}


def _witness(request: Request) -> Witness:
    """A consent the request records (``preferences.marketing_opt_in``) names the request."""
    return Witness(request_id=request.scope.get("state", {}).get("request_id"))


def tagged_response(body: bytes) -> Response:
    """The customer's JSON with its ``ETag`` (the tag of exactly these bytes)."""
    return Response(body, media_type="application/json", headers={"ETag": etag_of(body)})


async def _given_filters(request: Request, **given: Any) -> dict[str, Any]:
    """The list filters' values, parsed; a parameter not given is left out. (async: FastAPI
    runs a plain function dependency in a worker thread, a hop on every list request.)"""
    for found in DEEP_OBJECT_FILTERS:
        pairs = deep_object_pairs(request, found.name)
        given[found.name] = pairs or None
    return {name: BY_NAME[name].parse(typed) for name, typed in given.items() if typed is not None}


# One query parameter per declared filter (validation and OpenAPI come from its annotation);
# a deepObject filter is declared by the route (LIST_PARAMETERS) and read from the request.
_given_filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        *(
            inspect.Parameter(
                found.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=found.query
            )
            for found in FILTERS
            if not found.deep_object
        ),
    ]
)
LIST_PARAMETERS = {"parameters": [found.query for found in DEEP_OBJECT_FILTERS]}


@router.get(
    "",
    operation_id="customers_list",
    summary="List customers",
    description=(
        "The tenant's customers, newest first (`created_at`, then `id`, descending), with their "
        "addresses. Filters combine with AND; the `total` is exact."
    ),
    response_model=CustomerList,
    openapi_extra=LIST_PARAMETERS,
    responses=error_responses(),
)
async def list_customers(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    given: Annotated[dict[str, Any], Depends(_given_filters)],
    page: Annotated[PageRequest, Depends(page_request)],
) -> Response:
    filters = CustomerFilters.of(principal.account_id, principal.mode, **given)
    customers, total = await service.list_customers(session, filters, page)
    return encoded_page_response(request, customers, page, total)


@router.post(
    "",
    operation_id="customers_create",
    summary="Create a customer",
    description=(
        "Creates an `active` customer, with its first address when `address` is given, and queues "
        "an invitation email unless `send_invitation` is false. The email is unique per tenant "
        "regardless of case (409 `email_taken`)."
    ),
    status_code=201,
    response_model=CustomerRead,
    responses=error_responses(409),
)
async def create_customer(
    request: Request,
    payload: CustomerCreate,
    principal: CurrentPrincipal,
    session: Session,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> JsonOutcome:
        customer = await service.create_customer(
            session, principal, payload, witness=_witness(request)
        )
        return JsonOutcome(201, encode(customer))

    return await idempotent(
        request, session, account_id=principal.account_id, mode=principal.mode, produce=create
    )


EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Every matching customer, oldest first: CSV in the import's own format "
        "(docs/import.md) or NDJSON, each line the customer as GET answers it.",
        "content": {
            export.CSV: {"schema": {"type": "string"}},
            export.NDJSON: {"schema": {"type": "string"}},
        },
        "headers": {
            "Content-Disposition": {
                "description": "`attachment`, with a file name.",
                "schema": {"type": "string"},
            }
        },
    }
}


@router.get(
    "/export",
    operation_id="customers_export",
    summary="Export customers",
    description="The customers matching the list's filters, streamed as `text/csv` (the "
    "default; the project's import format, so an export re-imports cleanly) or "
    "`application/x-ndjson` (by `Accept`), consistent as of one snapshot. CSV cells that "
    "begin with `=`, `+`, `-` or `@` are prefixed with `'` against formula injection.",
    response_class=StreamingResponse,
    # The list's filters, its deepObject one (metadata[KEY]) too.
    openapi_extra=LIST_PARAMETERS,
    responses={**error_responses(), **EXPORT_RESPONSES},
)
async def export_customers(
    request: Request,
    principal: CurrentPrincipal,
    given: Annotated[dict[str, Any], Depends(_given_filters)],
    accept: Annotated[
        str | None,
        Header(
            alias="Accept",
            description="`text/csv` (the default) or `application/x-ndjson`.",
        ),
    ] = None,
) -> StreamingResponse:
    filters = CustomerFilters.of(principal.account_id, principal.mode, **given)
    media_type = export.chosen_format(accept)
    extension = "csv" if media_type == export.CSV else "ndjson"
    return StreamingResponse(
        export.export_bytes(request.app.state.database.engine, filters, media_type),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="customers.{extension}"'},
    )


@router.get(
    "/{customer_id}",
    operation_id="customers_get",
    summary="Get a customer",
    description=(
        "The customer with its addresses, stats and invitation; the `ETag` answers `If-Match` on "
        "PATCH and DELETE."
    ),
    response_model=CustomerRead,
    responses={**error_responses(404), **WITH_ETAG},
)
async def get_customer(customer_id: str, principal: CurrentPrincipal, session: Session) -> Response:
    return tagged_response(await service.get_customer(session, principal, customer_id))


async def _check_precondition(
    session: AsyncSession, principal: Principal, customer_id: str, if_match: str | None
) -> None:
    if if_match is not None:
        current = await service.get_customer(session, principal, customer_id)
        check_if_match(if_match, current)


@router.patch(
    "/{customer_id}",
    operation_id="customers_update",
    summary="Update a customer",
    description=(
        "Changes only the fields given; `null` clears an optional one. With `If-Match`, a customer "
        "changed since that tag answers 412 and nothing is changed."
    ),
    response_model=CustomerRead,
    responses={**error_responses(404, 409, 412), **WITH_ETAG},
)
async def update_customer(
    request: Request,
    customer_id: str,
    payload: CustomerUpdate,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch = None,
) -> Response:
    customer = await service.locked_customer(session, principal, customer_id)
    await _check_precondition(session, principal, customer_id, if_match)
    await service.update_customer(session, customer, payload, witness=_witness(request))
    return tagged_response(await service.get_customer(session, principal, customer_id))


@router.delete(
    "/{customer_id}",
    operation_id="customers_delete",
    summary="Deactivate a customer",
    description="Sets status `deactivated` (the record is kept) and cancels the customer's "
    "future bookings and active subscriptions.",
    response_model=CustomerRead,
    responses={**error_responses(404, 412), **WITH_ETAG},
)
async def deactivate_customer(
    customer_id: str, principal: CurrentPrincipal, session: Session, if_match: IfMatch = None
) -> Response:
    customer = await service.locked_customer(session, principal, customer_id)
    await _check_precondition(session, principal, customer_id, if_match)
    await service.deactivate(session, customer)
    return tagged_response(await service.get_customer(session, principal, customer_id))
