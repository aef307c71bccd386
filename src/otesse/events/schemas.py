"""The event as clients read it, and its list."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from otesse.core.enums import NamedEnum
from otesse.core.json import Timestamp
from otesse.core.pagination import Pagination

EventObject = Annotated[Literal["event"], NamedEnum("EventObject")]


class EventData(BaseModel):
    object: dict[str, Any] = Field(
        description="The resource exactly as its GET answered it right after the change."
    )
    previous_attributes: dict[str, Any] = Field(
        description="The top-level fields the change moved, with their values before it "
        "(empty for a creation)."
    )


class EventRequest(BaseModel):
    id: str | None = Field(description="The request that made the change (null: the worker).")
    idempotency_key: str | None = Field(description="Its Idempotency-Key, if it sent one.")


class EventRead(BaseModel):
    id: str = Field(description="`evt_…`; the `webhook-id` of every delivery of this event.")
    object: EventObject
    type: str = Field(description="`customer.created`, `booking.completed`, … (docs/webhooks.md).")
    created_at: Timestamp
    customer_id: str | None = Field(description="The customer the change concerns, if any.")
    sequence: int = Field(
        description="Strictly increasing per account and mode, in commit order: resume the "
        "feed with `after_sequence`."
    )
    data: EventData
    request: EventRequest


class EventList(BaseModel):
    data: list[EventRead]
    pagination: Pagination
    has_more: bool = Field(
        description="Whether events follow this page (in the feed form: more after its last "
        "`sequence`)."
    )
