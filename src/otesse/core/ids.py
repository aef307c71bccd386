"""Public identifiers: a resource prefix and a ULID (``cust_01J...``), generated in Python.

ULIDs sort by creation time, so the newest-first order of a list is also id order; within
one millisecond each id is the previous one plus one (the ULID spec's monotonic rule, as
python-ulid's ``ULID()``), so ids also keep the order they were made in (an import's events
of one batch share a ``created_at`` and are numbered by id).

The ids are made here rather than by python-ulid's ``ULID()``, whose objects and base32
cost 6 µs an id; an import makes four a row (docs/import.md). Here the millisecond's ten
characters are written once per millisecond and the randomness's sixteen from a table of
every pair of characters: 2 µs an id.
"""

import os
import threading
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Every two characters, indexed by the ten bits they stand for.
_PAIRS = [first + second for first in _CROCKFORD for second in _CROCKFORD]
_RANDOM_BITS = 80
_RANDOM_MAX = (1 << _RANDOM_BITS) - 1


def _pairs(value: int, count: int) -> str:
    return "".join([_PAIRS[(value >> (10 * index)) & 1023] for index in reversed(range(count))])


class _Monotonic:
    """The last id, so the next of the same millisecond is one more; shared by every thread
    (an import parses in one and writes in another)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.millisecond = -1
        self.millisecond_text = ""
        self.randomness = 0

    def next_text(self) -> str:
        now = time.time_ns() // 1_000_000
        with self.lock:
            if now <= self.millisecond and self.randomness < _RANDOM_MAX:
                # The same millisecond (or a clock stepped back): just after the last id.
                self.randomness += 1
            else:
                self.millisecond = max(now, self.millisecond + 1)
                self.millisecond_text = _pairs(self.millisecond, 5)
                self.randomness = int.from_bytes(os.urandom(10), "big")
            randomness, prefix = self.randomness, self.millisecond_text
        table = _PAIRS
        return (
            prefix
            + table[randomness >> 70 & 1023]
            + table[randomness >> 60 & 1023]
            + table[randomness >> 50 & 1023]
            + table[randomness >> 40 & 1023]
            + table[randomness >> 30 & 1023]
            + table[randomness >> 20 & 1023]
            + table[randomness >> 10 & 1023]
            + table[randomness & 1023]
        )


_GENERATOR = _Monotonic()


def new_id(prefix: str) -> str:
    return f"{prefix}_{_GENERATOR.next_text()}"
