"""Bodies of a merge and of its preview."""

from pydantic import BaseModel, ConfigDict, Field

from otesse.customers.schemas import CustomerRead


class MergeRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"source_id": "cust_01J0000000000000000000000"}]},
    )

    source_id: str = Field(
        min_length=1,
        max_length=40,
        description="The customer merged into this one: it keeps its id, gets status "
        "`merged` and `merged_into`, and everything it owns moves here.",
    )


class Moved(BaseModel):
    """How many of the source's rows move to the target."""

    addresses: int
    bookings: int
    subscriptions: int
    invoices: int
    invitations: int


class MergePreview(BaseModel):
    target: CustomerRead = Field(description="This customer as the merge would leave it.")
    source: CustomerRead = Field(description="The source as the merge would leave it.")
    moved: Moved
