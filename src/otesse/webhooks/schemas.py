"""Webhook endpoint bodies, the endpoint as clients read it, deliveries and replays."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from otesse.core.enums import NamedEnum
from otesse.core.events import SELECTOR_PATTERN, SELECTORS, is_selector
from otesse.core.json import Timestamp
from otesse.core.pagination import Pagination
from otesse.core.text_rules import SingleLine
from otesse.core.validation import JSON_INTEGER, Patch, RequestBody
from otesse.webhooks.urls import MAX_URL_LENGTH, URL_PATTERN

EndpointStatus = Annotated[Literal["enabled", "disabled"], NamedEnum("WebhookEndpointStatus")]
EndpointObject = Annotated[Literal["webhook_endpoint"], NamedEnum("WebhookEndpointObject")]


def _known_selector(value: str) -> str:
    if not is_selector(value):
        raise PydanticCustomError(
            "event_type_unknown", "is not an event type, `<family>.*` or `*` (docs/webhooks.md)"
        )
    return value


Selector = Annotated[
    str,
    StringConstraints(pattern=SELECTOR_PATTERN, max_length=60),
    AfterValidator(_known_selector),
    NamedEnum("EventSelector", values=SELECTORS),
]
Selectors = Annotated[
    list[Selector],
    Field(
        min_length=1,
        max_length=50,
        description="Event types to receive (`customer.created`), families (`customer.*`) "
        "or `*` for every type.",
    ),
]
Url = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_URL_LENGTH, pattern=URL_PATTERN),
    Field(description="Where events are POSTed; `https` in live mode; no private addresses."),
]
Description = Annotated[str, SingleLine(max_length=500)]


class WebhookEndpointCreate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"url": "https://example.com/otesse/webhooks", "enabled_events": ["customer.*"]}
            ]
        },
    )

    url: Url
    enabled_events: Selectors
    description: Description | None = None


class WebhookEndpointUpdate(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enabled_events": ["customer.*", "booking.*"]}]},
    )

    url: Patch[Url] = None
    enabled_events: Patch[Selectors] = None
    description: Description | None = None
    status: Patch[EndpointStatus] = Field(
        default=None, description="`disabled` stops deliveries; `enabled` resumes them."
    )


class WebhookEndpointRead(BaseModel):
    id: str
    object: EndpointObject
    url: str
    enabled_events: list[str]
    description: str | None
    status: EndpointStatus
    disabled_reason: str | None = Field(
        description="Why the service disabled it (410 Gone, 5 days of failures), if it did."
    )
    created_at: Timestamp
    updated_at: Timestamp


class WebhookEndpointWithSecret(WebhookEndpointRead):
    secret: str = Field(
        description="The `whsec_…` signing secret: shown in this answer only (a replay of the "
        "same request with its Idempotency-Key shows it again within 24 h); store it."
    )


class WebhookEndpointList(BaseModel):
    data: list[WebhookEndpointRead]
    pagination: Pagination


DeliveryStatus = Annotated[
    Literal["pending", "sending", "succeeded", "failed"], NamedEnum("WebhookDeliveryStatus")
]


class WebhookAttemptRead(BaseModel):
    id: str
    delivery_id: str
    event_id: str = Field(description="Also the `webhook-id` header of the request.")
    attempt: int = Field(description="1 for the first try of this delivery.")
    status_code: int | None = Field(description="The receiver's status; null: no answer.")
    duration_ms: int
    error: str | None = Field(description="What went wrong, when the attempt failed.")
    delivery_status: DeliveryStatus
    next_retry_at: Timestamp | None = Field(description="When it is tried again, if it is.")
    created_at: Timestamp


class WebhookAttemptList(BaseModel):
    data: list[WebhookAttemptRead]
    pagination: Pagination


# The largest integer a JSON number carries exactly (what a client can send back).
Sequence = Annotated[int, Field(ge=0, le=2**53 - 1), JSON_INTEGER]


class ReplayRequest(RequestBody):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"after_sequence": 0}]}
    )

    after_sequence: Sequence | None = Field(
        default=None,
        description="Send again every retained event after this `sequence` (neither field: "
        "every retained event; with event_ids: those of them after it).",
    )
    event_ids: Annotated[list[str], Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="Or send these events again."
    )


class ReplayResult(BaseModel):
    queued: int = Field(description="How many deliveries were queued (only selected types).")
