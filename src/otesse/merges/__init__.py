"""Merging two records of one household into one (issue 15)."""
