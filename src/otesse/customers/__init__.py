"""Customers: the reference domain (records, search, preferences, deactivation)."""
