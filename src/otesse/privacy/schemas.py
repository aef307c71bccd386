"""The erase request's body and the export document's declared shape."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from otesse.bookings.schemas import BookingRead
from otesse.consents.schemas import ConsentRead
from otesse.core.enums import NamedEnum
from otesse.core.representation import MaybeTimestamp, Timestamp
from otesse.customers.schemas import CustomerRead
from otesse.events.schemas import EventRead
from otesse.invoices.schemas import InvoiceRead
from otesse.subscriptions.schemas import SubscriptionRead


class CustomerErase(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"confirm": "cust_01HQ3K5M7N"}]}
    )

    confirm: str = Field(
        max_length=40,
        description="The customer's id again: erasure cannot be undone.",
    )


class InvitationRecord(BaseModel):
    id: str
    sent: bool = Field(description="Whether its email was sent.")
    created_at: Timestamp
    expires_at: Timestamp
    superseded_at: MaybeTimestamp


class CustomerExport(BaseModel):
    object: Annotated[Literal["customer_export"], NamedEnum("CustomerExportObject")]
    schema_version: int = Field(description="Changes when a key changes meaning or goes away.")
    generated_at: Timestamp
    customer: CustomerRead = Field(description="As GET /v1/customers/{customer_id} answers it.")
    bookings: list[BookingRead]
    subscriptions: list[SubscriptionRead]
    invoices: list[InvoiceRead]
    invitations: list[InvitationRecord]
    consents: list[ConsentRead]
    events: list[EventRead]
