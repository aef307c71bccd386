"""Exact customer totals read from the counters of migration 0002 instead of COUNT(*)."""
