"""Input the databases would choke on, refused as 4xx before it reaches them.

PostgreSQL text cannot hold NUL, and a time zone offset can carry a date past year 1..9999 in
UTC. One mechanism for every route rather than a check per route:

- :func:`refuse_nul_in_url` (an app-wide dependency): a path with NUL names no resource (404);
  a query parameter with NUL is a 400 naming it.
- :class:`RequestBody`: the base of every request body; forbids unknown fields and refuses NUL
  in any string it holds (400 naming the field).
- :data:`UtcDateTime`: an aware date-time converted to UTC, 400 when that leaves the calendar.
"""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Request
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from otesse.core.errors import InvalidRequest, NotFound

NUL = "\x00"


async def refuse_nul_in_url(request: Request) -> None:
    # async: FastAPI runs a plain ``def`` dependency in a worker thread, a hop per request.
    if NUL in request.url.path or NUL in request.scope.get("path", ""):
        raise NotFound(f"Unrecognized request URL ({request.method}).")
    for name, value in request.query_params.multi_items():
        if NUL in name or NUL in value:
            param = name.replace(NUL, "")
            raise InvalidRequest(
                f"Invalid query parameter {param}: NUL characters are not allowed.",
                code="parameter_invalid",
                param=param,
            )


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _holds_nul(value):
            raise PydanticCustomError("nul_character", "may not contain NUL characters")
        return value


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "datetime_out_of_range", "is out of range once converted to UTC"
        ) from None


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]
