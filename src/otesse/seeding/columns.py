"""The columns of every table the seed writes, in the order its loaders copy them."""

# Column order of every generated row, per table (the loaders copy in this order).
# fmt: off
COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id", "account_id", "mode", "first_name", "last_name", "email", "email_key", "phone",
        "status", "preferred_contact", "marketing_opt_in", "search_text", "total_bookings",
        "total_spent", "last_booking_at", "active_subscriptions", "active_subscription",
        "send_invitation", "invitation_status", "invitation_sent_at", "created_at", "updated_at",
    ),
    "addresses": (
        "id", "account_id", "mode", "customer_id", "label", "street", "city", "state", "zip",
        "access_notes", "is_default", "zone_id", "created_at", "updated_at",
    ),
    "subscriptions": (
        "id", "account_id", "mode", "customer_id", "address_id", "service", "frequency", "price",
        "currency", "start_date", "status", "paused_at", "cancelled_at", "created_at", "updated_at",
    ),
    "bookings": (
        "id", "account_id", "mode", "customer_id", "address_id", "subscription_id", "service",
        "status", "scheduled_at", "duration_minutes", "price", "currency", "notes", "completed_at",
        "cancelled_at", "created_at", "updated_at",
    ),
    "invoices": (
        "id", "account_id", "mode", "customer_id", "booking_id", "status", "currency", "amount_due",
        "amount_paid", "issued_at", "paid_at", "voided_at", "created_at", "updated_at",
    ),
    "invoice_line_items": (
        "id", "invoice_id", "position", "description", "quantity", "unit_amount", "amount",
    ),
}
# fmt: on
TABLES = tuple(COLUMNS)  # also the order that satisfies the foreign keys
