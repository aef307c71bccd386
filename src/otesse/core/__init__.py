"""Shared kit every domain stands on. Imports no domain."""
