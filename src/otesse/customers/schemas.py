"""Request and response bodies of customers."""

from typing import Annotated, Any, Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue, WithJsonSchema
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from otesse.addresses.schemas import AddressCreate, AddressRead, ReadOnly, WriteBody
from otesse.core.enums import NamedEnum
from otesse.core.pagination import Pagination
from otesse.core.representation import Column, MaybeTimestamp, NullUnless, Timestamp
from otesse.core.text_rules import (
    NO_CONTROL_CHARACTERS,
    SingleLine,
    line_pattern,
    refuse_control_characters,
)
from otesse.core.validation import Patch, StrictBool

DEFAULT_PHONE_REGION = "US"
MAX_EMAIL_LENGTH = 254
MAX_LOCAL_PART_LENGTH = 64  # RFC 5321 section 4.5.3.1.1


def normalise_email(typed: str) -> str:
    """Validated syntax; the local part kept as typed, the domain lower-cased."""
    try:
        # allow_smtputf8=False: a non-ASCII local part needs a mail server that offers
        # SMTPUTF8 all the way to the mailbox, which nothing guarantees; refused here rather
        # than accepted and never delivered. A non-ASCII domain is fine: it is sent as IDNA.
        checked = validate_email(typed.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise PydanticCustomError(
            "email", "is not a valid email address: {reason}", {"reason": str(error)}
        ) from None
    if len(checked.local_part) > MAX_LOCAL_PART_LENGTH:
        raise PydanticCustomError("email", "has more than 64 characters before the @-sign")
    email = f"{checked.local_part}@{checked.domain.lower()}"
    if len(email) > MAX_EMAIL_LENGTH:
        raise PydanticCustomError("email", "is longer than 254 characters")
    return email


def normalise_phone(typed: str) -> str:
    """E.164, US by default; a *possible* number is enough (the seed's +1555 numbers are)."""
    try:
        number = phonenumbers.parse(typed, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    # A local-only number (7 digits, no area code) cannot be written in E.164: refused too.
    possible = phonenumbers.ValidationResult.IS_POSSIBLE
    if number is None or phonenumbers.is_possible_number_with_reason(number) != possible:
        raise PydanticCustomError("phone", "is not a possible phone number")
    if number.extension:
        raise PydanticCustomError("phone", "extensions are not supported")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Name = Annotated[str, SingleLine(max_length=100)]
Email = Annotated[
    str,
    StringConstraints(max_length=MAX_EMAIL_LENGTH),
    AfterValidator(normalise_email),
    NO_CONTROL_CHARACTERS,
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "maxLength": MAX_EMAIL_LENGTH,
            "description": "At most 64 characters before the @-sign, and those ASCII (an "
            "internationalised domain is fine: mail goes to its IDNA form); special-use "
            "domains (.test, .invalid, .localhost, .local, .onion, .arpa) are refused; the "
            "domain is lower-cased.",
            "examples": ["jane@example.com"],
        }
    ),
]
# What phonenumbers accepts as a possible number cannot be written as a pattern: the document
# names the format ("phone") and describes it; the fuzz test supplies a generator for it.
Phone = Annotated[
    str,
    StringConstraints(max_length=40),
    AfterValidator(normalise_phone),
    NO_CONTROL_CHARACTERS,
    WithJsonSchema(
        {
            "type": "string",
            "format": "phone",
            "maxLength": 40,
            "description": "A possible phone number: E.164 (+15551234567) or US national "
            "((555) 123-4567); stored as E.164. Extensions are refused.",
            "examples": ["+15551234567", "(555) 123-4567"],
        }
    ),
]
# The integrator's records. Nothing is truncated: a value over a bound is a 400 naming it.
ExternalId = Annotated[str, SingleLine(max_length=255)]
MAX_METADATA_KEYS = 50


def _refuse_brackets(key: str) -> str:
    if "[" in key or "]" in key:
        raise PydanticCustomError("metadata_key", "a metadata key may not hold [ or ]")
    return key


class _MetadataKeyRule:
    """A metadata key: 1-40 characters, no control character, no `[` or `]` (so the list's
    `metadata[KEY]` can name it). Kept as written: nothing is trimmed."""

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        text = core_schema.str_schema(min_length=1, max_length=40)
        checked = core_schema.no_info_after_validator_function(_refuse_brackets, text)
        return core_schema.no_info_before_validator_function(refuse_control_characters, checked)

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # line_pattern() is built on first use (the document), not at import.
        pattern = line_pattern() + "[^\\[\\]]*$"
        return {"type": "string", "minLength": 1, "maxLength": 40, "pattern": pattern}


class _KeysByPropertyNames:
    """Pydantic writes a key pattern as `patternProperties`, which leaves keys that miss the
    pattern unconstrained; the rule is `propertyNames` (every key matches it)."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        patterns = found.pop("patternProperties", None) or {}
        for pattern, values in patterns.items():
            found["propertyNames"] = {**found.get("propertyNames", {}), "pattern": pattern}
            found["additionalProperties"] = values
        return found


MetadataKey = Annotated[str, _MetadataKeyRule()]
# A value is free text, as an address's access notes are (a line break is fine).
MetadataValue = Annotated[str, StringConstraints(max_length=500)]
Metadata = Annotated[
    dict[MetadataKey, MetadataValue],
    _KeysByPropertyNames(),
    Field(
        max_length=MAX_METADATA_KEYS,
        description="Your own key/value pairs (Stripe's limits): at most 50 keys, a key "
        "1-40 characters without `[` or `]`, a value a string of at most 500 characters. "
        'A key set to `""` is not kept (on PATCH: it is removed).',
        examples=[{"crm_id": "8812", "source": "booking-site"}],
    ),
]
MAX_TAGS = 20


def tag_key(tag: str) -> str:
    """The case-insensitive identity of a tag (customer_tags.tag_key)."""
    return tag.casefold()


def distinct_tags(tags: list[str]) -> list[str]:
    """Each tag once, compared case-insensitively, kept in the case first written."""
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(tag_key(tag), tag)
    return list(seen.values())


Tag = Annotated[str, SingleLine(max_length=50)]
Tags = Annotated[
    list[Tag],
    Field(
        max_length=MAX_TAGS,
        description="Labels (`vip`, `pets`): at most 20, each 1-50 characters, compared "
        "case-insensitively and kept in the case first written.",
        examples=[["vip", "pets"]],
    ),
    AfterValidator(distinct_tags),
]

Contact = Annotated[Literal["email", "sms", "phone"], NamedEnum("PreferredContact")]
CustomerStatus = Annotated[
    Literal["active", "inactive", "deactivated", "merged", "erased"], NamedEnum("CustomerStatus")
]
# What a PATCH may set: `deactivated` is DELETE's.
SettableStatus = Annotated[Literal["active", "inactive"], NamedEnum("CustomerSettableStatus")]
InvitationStatus = Annotated[
    Literal["pending", "sent", "failed", "accepted"], NamedEnum("InvitationStatus")
]


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    preferred_contact: Patch[Contact] = None
    marketing_opt_in: Patch[StrictBool] = Field(
        default=None,
        description="Written to the consent ledger, not beside it: `true` records an "
        "email-marketing consent (source `api`), `false` withdraws every granted one. Record "
        "consent in the customer's own words with `POST /v1/customers/{id}/consents`.",
    )


class CustomerCreate(WriteBody):
    # The seed's example: the document shows it, and schemathesis' examples phase sends it.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "first_name": "Jane",
                    "last_name": "Doe",
                    "email": "jane@example.com",
                    "phone": "+15559876543",
                    "address": {
                        "label": "Home",
                        "street": "456 Oak Ave",
                        "city": "Springfield",
                        "state": "OR",
                        "zip": "97477",
                    },
                }
            ]
        },
    )

    status: ReadOnly = None
    stats: ReadOnly = None
    invitation: ReadOnly = None
    addresses: ReadOnly = None
    merged_into: ReadOnly = None

    first_name: Name
    last_name: Name
    email: Email
    phone: Phone | None = None
    address: AddressCreate | None = Field(
        default=None, description="A first address; it becomes the default."
    )
    preferences: PreferencesIn | None = Field(
        default=None, description="Defaults: preferred_contact email, marketing_opt_in false."
    )
    send_invitation: StrictBool = Field(
        default=True, description="Email the customer an invitation (false for imports)."
    )
    external_id: ExternalId | None = Field(
        default=None, description="Your own id for this customer; unique in the account."
    )
    metadata: Metadata | None = None
    tags: Tags | None = None


class CustomerUpdate(WriteBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"phone": "(555) 123-4567", "preferences": {"marketing_opt_in": True}}]
        },
    )

    stats: ReadOnly = None
    invitation: ReadOnly = None
    addresses: ReadOnly = None
    merged_into: ReadOnly = None

    first_name: Patch[Name] = None
    last_name: Patch[Name] = None
    email: Patch[Email] = None
    phone: Phone | None = Field(default=None, description="null clears it.")
    status: Patch[SettableStatus] = Field(
        default=None, description="`deactivated` is set by DELETE only."
    )
    preferences: Patch[PreferencesIn] = Field(default=None, description="Merged field by field.")
    external_id: ExternalId | None = Field(default=None, description="null clears it.")
    metadata: Patch[Metadata] = Field(
        default=None, description='Merged key by key; a key set to `""` is removed.'
    )
    tags: Patch[Tags] = Field(default=None, description="Replaces the set.")


class MarketingConsent(BaseModel):
    """The current marketing consent per channel: the latest ledger record of each."""

    email: Annotated[bool, Column("marketing_email")]
    sms: Annotated[bool, Column("marketing_sms")]
    phone: Annotated[bool, Column("marketing_phone")]


class Preferences(BaseModel):
    preferred_contact: Contact
    marketing_opt_in: bool = Field(
        description="Whether any channel's marketing consent is granted (`marketing_consent`); "
        "derived from the consent ledger. PATCH `true` records an email-marketing consent, "
        "`false` withdraws every granted one."
    )
    marketing_consent: MarketingConsent


class Stats(BaseModel):
    total_bookings: int
    total_spent: int = Field(description="Cents.")
    last_booking_at: MaybeTimestamp
    active_subscription: bool


class Invitation(BaseModel):
    status: Annotated[InvitationStatus, Column("invitation_status")]
    sent_at: Annotated[MaybeTimestamp, Column("invitation_sent_at")]
    accepted_at: Annotated[MaybeTimestamp, Column("invitation_accepted_at")]


# The customer's JSON, declared once: its columns, the Python renderer and the PostgreSQL
# document are derived from these fields, in this order (representation.py).
class CustomerRead(BaseModel):
    id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    status: CustomerStatus
    addresses: list[AddressRead] = Field(description="The default first, then oldest first.")
    preferences: Preferences
    stats: Stats
    invitation: Annotated[Invitation | None, NullUnless("invitation_status")]
    external_id: str | None
    metadata: Annotated[dict[str, str], Column("metadata_map")]
    tags: list[str]
    merged_into: str | None = Field(
        description="The customer this one was merged into (status `merged`)."
    )
    created_at: Timestamp
    updated_at: Timestamp
    erased_at: MaybeTimestamp = Field(
        description="When the person's data was erased on request (status `erased`)."
    )


class CustomerList(BaseModel):
    data: list[CustomerRead]
    pagination: Pagination
