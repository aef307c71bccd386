"""Realistic demo data in bulk: ``otesse seed --customers N``."""
