"""Public identifiers: a resource prefix and a ULID (``cust_01J...``), generated in Python.

ULIDs sort by creation time, so the newest-first order of a list is also id order.
"""

from ulid import ULID


def new_id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"
