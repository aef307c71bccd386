"""The CSV of POST /v1/imports, read from a multipart form (a part named `file`) or a
`text/csv` body, spooled to a temporary file (never held whole in memory) and hashed for
Idempotency-Key as it comes in."""

import hashlib
import tempfile
from dataclasses import dataclass
from typing import IO, Any

from fastapi import Request
from starlette.datastructures import UploadFile

from otesse.core.errors import InvalidRequest, UnsupportedMediaType
from otesse.imports.presets import FORMAT_NAMES

SPOOL_IN_MEMORY = 1024 * 1024
CSV_MEDIA_TYPES = ("text/csv", "application/csv", "text/plain")
# As the query parameters take them (core/validation.QueryBool): OpenAPI's boolean, no more.
TRUE, FALSE = ("true",), ("false",)


@dataclass(slots=True)
class Upload:
    file: IO[bytes]
    digest: bytes
    format: str
    dry_run: bool
    send_invitations: bool


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _flag(name: str, typed: str) -> bool:
    if typed in TRUE:
        return True
    if typed in FALSE:
        return False
    raise InvalidRequest(f"{name} must be true or false.", code="parameter_invalid", param=name)


def _format(typed: str) -> str:
    if typed not in FORMAT_NAMES:
        raise InvalidRequest(
            f"format must be one of {', '.join(FORMAT_NAMES)}.",
            code="parameter_invalid",
            param="format",
        )
    return typed


async def read_upload(request: Request, defaults: dict[str, Any]) -> Upload:
    """The file and its options (form fields over query parameters); refused when missing."""
    media_type = _media_type(request)
    options = dict(defaults)
    digest = hashlib.sha256()
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned
    if media_type == "multipart/form-data":
        await _from_form(request, options, spool, digest)
    elif media_type in CSV_MEDIA_TYPES:
        async for chunk in request.stream():
            digest.update(chunk)
            spool.write(chunk)
    else:
        raise UnsupportedMediaType(
            "Send the CSV as multipart/form-data (the file in a part named `file`) or as a "
            "text/csv body."
        )
    if spool.tell() == 0:
        raise InvalidRequest("The CSV file is empty or missing.", code="file_missing", param="file")
    spool.seek(0)
    fmt = _format(str(options.get("format") or "otesse"))
    dry_run = bool(options.get("dry_run"))
    invitations = bool(options.get("send_invitations"))
    # The options are part of the request: the same file sent with another format is another.
    digest.update(f"\x00{fmt}\x00{dry_run}\x00{invitations}".encode())
    return Upload(spool, digest.hexdigest().encode(), fmt, dry_run, invitations)


async def _from_form(
    request: Request, options: dict[str, Any], spool: IO[bytes], digest: Any
) -> None:
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception:  # starlette's MultiPartException / HTTPException: a malformed body
        raise InvalidRequest(
            "The multipart body could not be read.", code="parameter_invalid", param="file"
        ) from None
    try:
        for name in ("format", "dry_run", "send_invitations"):
            value = form.get(name)
            if value is not None and not isinstance(value, str):
                raise InvalidRequest(
                    f"`{name}` is a form field, not a file.", code="parameter_invalid", param=name
                )
            if isinstance(value, str):
                options[name] = value if name == "format" else _flag(name, value)
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise InvalidRequest(
                "Send the CSV in a multipart part named `file`.",
                code="file_missing",
                param="file",
            )
        while chunk := await part.read(SPOOL_IN_MEMORY):
            digest.update(chunk)
            spool.write(chunk)
    finally:
        await form.close()
