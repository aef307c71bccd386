"""``/v1/imports``: upload a CSV of customers, follow its progress, read its rejected rows."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import CurrentPrincipal
from otesse.core.idempotency import IdempotencyKey, JsonOutcome, idempotent
from otesse.core.json import encode, json_response, page_response
from otesse.core.openapi import error_responses
from otesse.core.pagination import PageRequest, page_request
from otesse.core.routing import TransactionalRoute, get_session
from otesse.core.validation import QueryBool
from otesse.imports import service
from otesse.imports.schemas import ImportFormat, ImportRead, ImportRowErrorList
from otesse.imports.upload import read_upload

router = APIRouter(prefix="/v1/imports", tags=["imports"], route_class=TransactionalRoute)
Session = Annotated[AsyncSession, Depends(get_session)]
ImportId = Annotated[str, Path(description="The import's id (`imp_...`).")]

_OPTIONS = {
    "format": {"$ref": "#/components/schemas/ImportFormat"},
    "dry_run": {"type": "boolean", "description": "Check every row, write nothing."},
    "send_invitations": {
        "type": "boolean",
        "description": "Email each new customer an invitation (default false).",
    },
}
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The CSV."},
                    **_OPTIONS,
                },
            }
        },
        "text/csv": {
            "example": "first_name,last_name,email,phone\nJane,Doe,jane@example.com,+15559876543\n",
            "schema": {
                "type": "string",
                "format": "binary",
                "minLength": 1,
                "description": "The CSV (not empty).",
            },
        },
    },
}
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Queued: a worker imports the file; follow it at `Location`.",
        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
    }
}


@router.post(
    "",
    operation_id="imports_create",
    summary="Import customers from a CSV file",
    description="Upload a CSV (`multipart/form-data` with the file in a part named `file` "
    "and optional `format`, `dry_run`, `send_invitations` fields, or a `text/csv` body with "
    "those as query parameters; up to 64 MiB). Answers 202 with the queued import; a worker "
    "imports it. Rows match existing customers by external_id, then by email, and update "
    "them or are skipped; a row naming two customers fails alone (`match_conflict`) "
    "(docs/import.md).",
    status_code=202,
    response_model=ImportRead,
    responses={**error_responses(409), **ACCEPTED},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def create_import(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    format: Annotated[
        ImportFormat | None,
        Query(description="The file's column layout (a `text/csv` body); default `otesse`."),
    ] = None,
    dry_run: Annotated[
        QueryBool | None, Query(description="Check every row, write nothing (default false).")
    ] = None,
    send_invitations: Annotated[
        QueryBool | None,
        Query(description="Email each new customer an invitation (default false)."),
    ] = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    defaults = {"format": format, "dry_run": dry_run, "send_invitations": send_invitations}
    upload = await read_upload(request, defaults)

    async def produce() -> JsonOutcome:
        try:
            created = await service.create_import(
                session,
                principal,
                upload.file,
                format=upload.format,
                dry_run=upload.dry_run,
                send_invitations=upload.send_invitations,
            )
        finally:
            upload.file.close()
        return JsonOutcome(202, encode(created), {"Location": f"/v1/imports/{created['id']}"})

    return await idempotent(
        request,
        session,
        account_id=principal.account_id,
        mode=principal.mode,
        produce=produce,
        body_digest=upload.digest,
    )


@router.get(
    "/{import_id}",
    operation_id="imports_get",
    summary="Get an import",
    description="The import and its progress: `processed` of `rows`, and how many rows were "
    "`created`, `updated`, `skipped` or `failed`.",
    response_model=ImportRead,
    responses=error_responses(404),
)
async def get_import(
    import_id: ImportId, principal: CurrentPrincipal, session: Session
) -> Response:
    return json_response(await service.get_import(session, principal, import_id))


CSV_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rejected rows: a page of them as JSON, or every one as `text/csv` "
        "(columns row, column, value, code, message) when `Accept` asks for it.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/{import_id}/errors",
    operation_id="import_errors_list",
    summary="List an import's rejected rows",
    description="Each rejected row: its row number (the header is row 1), the column, the "
    "value as given and why. `Accept: text/csv` answers all of them as CSV, unpaginated.",
    response_model=ImportRowErrorList,
    responses={**error_responses(404), **CSV_ERRORS},
)
async def list_import_errors(
    request: Request,
    import_id: ImportId,
    principal: CurrentPrincipal,
    session: Session,
    page: Annotated[PageRequest, Depends(page_request)],
    accept: Annotated[
        str | None,
        Header(alias="Accept", description="`application/json` (a page) or `text/csv` (all)."),
    ] = None,
) -> Response:
    if accept and "text/csv" in accept.lower():
        await service.check_owned(session, principal, import_id)
        return StreamingResponse(
            service.errors_csv(request.app.state.database, import_id),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{import_id}-errors.csv"'},
        )
    errors, total = await service.list_errors(session, principal, import_id, page)
    return page_response(request, errors, page, total)
