"""Bulk import of customers from CSV (docs/import.md)."""
