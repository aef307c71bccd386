"""How far the counters reach: which lists' totals the counter tables keep.

Derived from the filters' declarations (:class:`~otesse.customers.filters.ListFilter`'s
``counter_column`` and ``day_counter``), so a new filter kept by a counter needs no change
here. Both dialects' list paths (list_statement.py, repository.py) and the keyset anchors
(anchors.py) ask these functions, so the rule is written once.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from otesse.customers.filters import LISTED_ONLY, SEARCH, TAG, CustomerFilters


def counters_can_answer(filters: CustomerFilters) -> bool:
    """Whether the counters may hold this list's total: one tag alone, or every filter
    given is kept by a counter column, with at most the search (kept once its term is
    registered) or the zone and creation date (customer_day_counts) beside them."""
    return (
        kept_tag(filters) is not None
        or counted_by_columns(filters)
        or counted_by_days(filters)
        or counted_by_term(filters)
    )


def counted_by_columns(filters: CustomerFilters) -> bool:
    """Whether customer_counts alone answers it (no search): the lists that keyset anchors
    serve (anchors.py), since only then does a change of the set move a counter."""
    return all(found.counter_column is not None for found, _ in filters.chosen)


def counted_by_days(filters: CustomerFilters) -> bool:
    """Whether customer_day_counts answers it: a zone or a creation date given, and every
    other filter kept by a counter column."""
    return any(found.day_counter for found, _ in filters.chosen) and all(
        found.counter_column is not None or found.day_counter is not None
        for found, _ in filters.chosen
    )


def counted_by_term(filters: CustomerFilters) -> bool:
    """Whether a registered term's counters would answer it: the search, and every other
    filter kept by a counter column."""
    return filters.search is not None and all(
        found.counter_column is not None or found is SEARCH for found, _ in filters.chosen
    )


@dataclass(frozen=True, slots=True)
class DaysKept:
    """What customer_day_counts is asked for a list it answers (counted_by_days): the zone's
    rows ('' for every customer's), and for a creation date the days after its UTC day plus
    the customers from the moment to the end of that day (``day_ends``; None on the last
    day there is)."""

    zone_id: str
    after_day: date | None
    since: datetime | None
    day_ends: datetime | None


def days_kept(filters: CustomerFilters) -> DaysKept:
    zone_id, since = "", None
    for found, value in filters.chosen:
        if found.day_counter == "zone":
            zone_id = value
        elif found.day_counter == "since":
            since = value
    if since is None:
        return DaysKept(zone_id, None, None, None)
    day = since.date()
    ends = None if day == date.max else datetime.combine(day + timedelta(days=1), time(), UTC)
    return DaysKept(zone_id, day, since, ends)


def only_tags(filters: CustomerFilters) -> tuple[str, ...] | None:
    """The tag keys when tags are the list's only filters (besides leaving merged and erased
    customers out, which customer_tags does by itself: neither holds tag rows)."""
    keys = None
    for found, value in filters.chosen:
        if found is TAG:
            keys = value
        elif found is not LISTED_ONLY:
            return None
    return keys


def kept_tag(filters: CustomerFilters) -> str | None:
    """The tag whose holders customer_tag_counts keeps (migration 0018), when that one tag is
    the list's only filter; several tags are counted from their rows."""
    keys = only_tags(filters)
    return keys[0] if keys is not None and len(keys) == 1 else None
