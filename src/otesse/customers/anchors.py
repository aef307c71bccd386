"""Keyset anchors behind the page numbers of the customers list (PostgreSQL).

A deep page starts at the edge of the UTC day its offset falls in (list_statement.py,
`_from_day`) and skips that day's customers before it, which is a walk of its own when one day
holds many customers (an import's). So each process also remembers where deep pages began:
the position of the page's first customer in the filtered newest-first order, its key
(created_at, id), and the filter's `changes` sum in customer_counts read by the same
statement. A later request for that page, or a deeper one in the same day, starts at the key
(`(created_at, id) <= key`) and skips only the difference.

Whether an anchor still holds is decided by the database, inside the list statement: every
insert, delete, status or subscription change moves a counter row of the filters it concerns
and grows its `changes` (migration 0004). An unchanged sum therefore means no customer entered
or left the filtered set, so the customer at that position is still the same (no API path
moves a customer's created_at); otherwise the statement starts at the day's edge and the
anchor is replaced. Answers are exact either way.

Only lists whose every filter customer_counts keeps have anchors (filters.py,
`counter_column`): a search or a zone filter can change its set without moving a counter.
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from otesse.customers.counter_reach import counted_by_columns
from otesse.customers.filters import Chosen, CustomerFilters

# Shallower pages are cheap by OFFSET (no anchor, no day counters read); remembering them
# would only churn.
MIN_POSITION = 1_000
MAX_FILTERS = 256
MAX_ANCHORS_PER_FILTER = 32

FilterKey = tuple[str, str, Chosen]


@dataclass(frozen=True, slots=True)
class Anchor:
    position: int  # of the customer below, in the filtered newest-first order (from 0)
    created_at: datetime
    customer_id: str
    changes: int  # the filter's sum of customer_counts.changes when it was read


def anchored(filters: CustomerFilters) -> bool:
    """Whether this list may use anchors: customer_counts keeps every filter given."""
    return counted_by_columns(filters)


def _key(filters: CustomerFilters) -> FilterKey:
    return (filters.account_id, filters.mode, filters.chosen)


class Anchors:
    """Per filter, the anchors read at one `changes` sum (a newer sum replaces them)."""

    def __init__(self) -> None:
        self._by_filter: OrderedDict[FilterKey, dict[int, Anchor]] = OrderedDict()

    def nearest(self, filters: CustomerFilters, offset: int) -> Anchor | None:
        """The remembered anchor closest before ``offset``, if any."""
        anchors = self._by_filter.get(_key(filters))
        if not anchors:
            return None
        below = [position for position in anchors if position <= offset]
        return anchors[max(below)] if below else None

    def remember(self, filters: CustomerFilters, anchor: Anchor) -> None:
        if anchor.position < MIN_POSITION:
            return
        key = _key(filters)
        anchors = self._by_filter.get(key)
        if anchors is None or any(known.changes != anchor.changes for known in anchors.values()):
            anchors = self._by_filter[key] = {}
        self._by_filter.move_to_end(key)
        anchors[anchor.position] = anchor
        if len(anchors) > MAX_ANCHORS_PER_FILTER:
            del anchors[next(iter(anchors))]  # the oldest remembered
        if len(self._by_filter) > MAX_FILTERS:
            self._by_filter.popitem(last=False)


# One per process: anchors are a cache of what this process has read.
ANCHORS = Anchors()
