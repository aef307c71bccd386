"""The ORM tables, a file per table group. Importing this package registers them all."""

from otesse.models.accounts import Account, ApiKey
from otesse.models.base import Base
from otesse.models.bookings import Booking, BookingCount
from otesse.models.consents import Consent, ConsentErasure
from otesse.models.counters import (
    CustomerCount,
    CustomerDayCount,
    CustomerGramCount,
    CustomerTagCount,
    CustomerTermCount,
)
from otesse.models.customers import Address, Customer, CustomerTag
from otesse.models.events import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from otesse.models.idempotency import IdempotencyKey
from otesse.models.imports import Import, ImportChunk, ImportRowError
from otesse.models.invoices import Invoice, InvoiceLineItem
from otesse.models.outbox import Invitation, OutboxMessage
from otesse.models.subscriptions import Subscription
from otesse.models.zones import Zone, ZoneZip

__all__ = [
    "Account",
    "Address",
    "ApiKey",
    "Base",
    "Booking",
    "BookingCount",
    "Consent",
    "ConsentErasure",
    "Customer",
    "CustomerCount",
    "CustomerDayCount",
    "CustomerGramCount",
    "CustomerTag",
    "CustomerTagCount",
    "CustomerTermCount",
    "Event",
    "IdempotencyKey",
    "Import",
    "ImportChunk",
    "ImportRowError",
    "Invitation",
    "Invoice",
    "InvoiceLineItem",
    "OutboxMessage",
    "Subscription",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Zone",
    "ZoneZip",
]
