"""Request-body building blocks shared by every domain.

- :class:`RequestBody`: the base of every request body; unknown fields are refused (400 naming
  the field). Text no database can store (NUL, lone surrogates) is refused for every route in
  one place, ``core/text_guard.py``.
- :data:`UtcDateTime`: an RFC 3339 date-time with an offset, converted to UTC; its year must
  be 0002..9998 (the document's pattern says so), so no offset can carry it off the calendar.
- :data:`Patch`: an optional field of a PATCH body that may be left out but never be null;
  the OpenAPI document shows it without null, so what it says is what is accepted.
- :data:`StrictBool`: JSON true/false only; :data:`JsonInt`: a JSON integer (``12``, and
  ``12.0``, which JSON Schema calls an integer too), never a string or a boolean. Pydantic's lax
  mode would take ``0`` for false, ``"yes"`` for true and ``"12"`` for 12.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic import StrictBool as StrictBool
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

# RFC 3339 section 5.6 (what OpenAPI's `format: date-time` means), with Python's digits only.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)

# Text that is not only whitespace. Superseded for single-line fields by
# core.text_rules.SingleLine (no control characters, a visible character); kept only so code
# written against it still imports: new fields use SingleLine.
NOT_BLANK = r"\S"


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


def not_null(value: Any) -> Any:
    """Refuse an explicit null on an optional field that has no null state (PATCH bodies)."""
    if value is None:
        raise PydanticCustomError("not_null", "may not be null")
    return value


class _NullNotDocumented:
    """Drop ``null`` from the JSON Schema of ``X | None``, keeping Pydantic's nullable schema for
    validation (a union would add its member's tag to the error's location)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        options = schema.get("anyOf", [])
        rest = [option for option in options if option != {"type": "null"}]
        if len(options) == 2 and len(rest) == 1:
            del schema["anyOf"]
            schema = {**rest[0], **schema}
        return schema


T = TypeVar("T")
Patch = Annotated[T | None, AfterValidator(not_null), _NullNotDocumented()]


def is_rfc3339(text: str) -> bool:
    """An RFC 3339 date-time with an offset (OpenAPI's ``format: date-time``)."""
    return _RFC3339.fullmatch(text) is not None


def _json_integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("int_type", "must be an integer")


# Put it after the bounds (``Annotated[int, Field(ge=0), JSON_INTEGER]``) so they stay in the
# schema; JsonInt is the unbounded form.
JSON_INTEGER = BeforeValidator(_json_integer)
JsonInt = Annotated[int, JSON_INTEGER]


def _rfc3339_text(value: Any) -> Any:
    """Only RFC 3339 text: lax parsing would also read ``0.5`` as a Unix timestamp."""
    if not isinstance(value, str) or not is_rfc3339(value):
        raise PydanticCustomError(
            "datetime_format", "must be an RFC 3339 date-time such as 2025-06-15T09:00:00Z"
        )
    return value


# Years 0002..9998 as written: an offset (at most a day) can then never carry the moment
# outside the calendar once converted to UTC. The document states the same pattern.
_STORABLE_YEAR = (
    r"^(000[2-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9])-"
)


def _in_utc(moment: datetime) -> datetime:
    if not 2 <= moment.year <= 9998:
        raise PydanticCustomError("datetime_out_of_range", "the year must be from 0002 to 9998")
    return moment.astimezone(UTC)


UtcDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339_text),
    AfterValidator(_in_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _STORABLE_YEAR}),
]


def _query_bool(value: Any) -> Any:
    """``true`` or ``false`` as OpenAPI writes a boolean query parameter; lax parsing would
    also take ``1``, ``yes`` and ``on``."""
    if value in ("true", "false"):
        return value == "true"
    raise PydanticCustomError("bool_parsing", "must be true or false")


QueryBool = Annotated[bool, BeforeValidator(_query_bool)]


def _midnight_of_a_date(value: Any) -> Any:
    """A bare ISO 8601 date (``2025-06-15``) as midnight UTC, the way the customers list's
    ``created_after`` reads one; anything else goes on to the date-time rules."""
    if isinstance(value, str) and len(value) == 10 and value.isascii():
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.isoformat()}T00:00:00Z"
    return value


# A list filter's bound: an RFC 3339 date-time, or a date meaning its midnight in UTC.
UtcMomentOrDate = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339_text),
    BeforeValidator(_midnight_of_a_date),
    AfterValidator(_in_utc),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time", "pattern": _STORABLE_YEAR},
                {"type": "string", "format": "date", "pattern": _STORABLE_YEAR},
            ]
        }
    ),
]
