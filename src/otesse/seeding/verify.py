"""Checks that seeded (or any) data keeps the stats rules: one SQL for both databases."""

# Customers of a tenant whose stats columns disagree with their rows, or whose addresses do not
# have exactly one default. 0 means consistent. Parameters: :account_id, :mode.
STATS_MISMATCHES = """
SELECT count(*) FROM customers c
WHERE c.account_id = :account_id AND c.mode = :mode AND (
    c.total_bookings <> (SELECT count(*) FROM bookings b
                         WHERE b.customer_id = c.id AND b.status = 'completed')
    OR c.total_spent <> (SELECT coalesce(sum(i.amount_paid), 0) FROM invoices i
                         WHERE i.customer_id = c.id)
    OR coalesce(c.last_booking_at, '1900-01-01') <> coalesce(
        (SELECT max(b.scheduled_at) FROM bookings b
         WHERE b.customer_id = c.id AND b.status = 'completed'), '1900-01-01')
    OR c.active_subscriptions <> (SELECT count(*) FROM subscriptions s
                                  WHERE s.customer_id = c.id AND s.status = 'active')
    OR c.active_subscription <> (c.active_subscriptions > 0)
    OR (SELECT count(*) FROM addresses a WHERE a.customer_id = c.id AND a.is_default) <> 1
)
"""
