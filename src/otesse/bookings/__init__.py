"""Bookings: visits at a customer's address, and what completing one does to the stats."""
