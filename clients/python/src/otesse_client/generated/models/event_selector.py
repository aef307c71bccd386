from enum import StrEnum


class EventSelector(StrEnum):
    BOOKING = "booking.*"
    BOOKING_CANCELLED = "booking.cancelled"
    BOOKING_COMPLETED = "booking.completed"
    BOOKING_CREATED = "booking.created"
    BOOKING_UPDATED = "booking.updated"
    CUSTOMER = "customer.*"
    CUSTOMER_ADDRESS_ADDED = "customer.address_added"
    CUSTOMER_ADDRESS_REMOVED = "customer.address_removed"
    CUSTOMER_ADDRESS_UPDATED = "customer.address_updated"
    CUSTOMER_CREATED = "customer.created"
    CUSTOMER_DEACTIVATED = "customer.deactivated"
    CUSTOMER_UPDATED = "customer.updated"
    INVITATION = "invitation.*"
    INVITATION_FAILED = "invitation.failed"
    INVITATION_SENT = "invitation.sent"
    INVOICE = "invoice.*"
    INVOICE_CREATED = "invoice.created"
    INVOICE_PAID = "invoice.paid"
    INVOICE_VOIDED = "invoice.voided"
    SUBSCRIPTION = "subscription.*"
    SUBSCRIPTION_CANCELLED = "subscription.cancelled"
    SUBSCRIPTION_CREATED = "subscription.created"
    SUBSCRIPTION_PAUSED = "subscription.paused"
    SUBSCRIPTION_RESUMED = "subscription.resumed"
    VALUE_0 = "*"
    WEBHOOK_ENDPOINT = "webhook_endpoint.*"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled"
    ZONE = "zone.*"
    ZONE_CREATED = "zone.created"
    ZONE_UPDATED = "zone.updated"

    def __str__(self) -> str:
        return str(self.value)
