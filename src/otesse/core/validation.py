"""Request-body building blocks shared by every domain.

- :class:`RequestBody`: the base of every request body; unknown fields are refused (400 naming
  the field). Text no database can store (NUL, lone surrogates) is refused for every route in
  one place, ``core/text_guard.py``.
- :data:`UtcDateTime`: an aware date-time converted to UTC, 400 when that leaves the calendar
  (an offset can carry a date past year 1..9999 in UTC).
"""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "datetime_out_of_range", "is out of range once converted to UTC"
        ) from None


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]
