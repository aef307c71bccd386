"""Duplicate candidates: the tenant's other customers that are probably the same household."""
