"""The customers list on PostgreSQL: one statement per request, written here and sent to the
driver directly.

It returns the page's JSON (representation.DOCUMENT), the exact total and whether a counter kept
that total, in one round trip whatever the filters:

- no search, zone or date filter: the total is read from customer_counts;
- a search: from the term's counters when the term is registered, otherwise counted from the
  matches found once for the page and the count. The statement holds both ways and PostgreSQL
  runs only one of them: a gate on the term's counters is an InitPlan that decides, before
  either way starts, which one produces rows (an InitPlan whose result is not asked for is
  never executed). A term of 1 or 2 characters, which no trigram serves, always from
  customer_gram_counts (migration 0024), its page looked for only when it has matches;
- a zone or creation-date filter (with status or has_subscription): from
  customer_day_counts (migration 0021), the days after the date's plus a count of the rest of
  its own day; a page is only looked for when that total is not 0;
- a deep page of a list either counter table answers: from the edge of the UTC day its offset
  falls in, by customer_day_counts (`_from_day`), or from a keyset anchor in that day;
- tags alone: the page from customer_tags' index in the list's order (migration 0014), never
  an EXISTS over the tenant's customers; one tag's total from customer_tag_counts (0018).

SQLAlchemy is not used here: for this statement, computing its cache key cost more Python
time than the rest of the request (docs/performance.md). Each filter's condition here and
in the SQLite path's Core queries (repository.py) comes from its one declaration
(filters.py).

Every value is written into the statement as a constant (core/sql_constants.py); none is a
parameter. asyncpg prepares each distinct text once per connection and PostgreSQL plans it
once, knowing every value: the planner chooses per search term and filter value (the trigram
index for a rare term, the newest-first index for a common one), and a repeated request is
not planned again. With parameters, PostgreSQL could not cost a generic plan for OFFSET and
LIMIT and re-planned the statement on every execution, which cost more than running it.
"""

from datetime import UTC, datetime

from otesse.core.pagination import PageRequest
from otesse.core.sql_constants import constant
from otesse.customer_counts.repository import NoneOf
from otesse.customers import anchors
from otesse.customers.anchors import Anchor
from otesse.customers.counter_reach import (
    counted_by_columns,
    counted_by_days,
    counters_can_answer,
    days_kept,
    kept_tag,
    only_tags,
)
from otesse.customers.filters import CustomerFilters
from otesse.customers.representation import DOCUMENT
from otesse.models.counters import counted_by_gram


def _counter_filters(filters: CustomerFilters) -> list[str]:
    """The tenant and the filters the counter tables keep (their columns are named as the
    customers')."""
    kept = {"account_id": filters.account_id, "mode": filters.mode, **filters.counter_values()}
    return [
        " AND ".join(f"{column} <> {constant(one)}" for one in value.values)
        if isinstance(value, NoneOf)
        else f"{column} = {constant(value)}"
        for column, value in kept.items()
    ]


def customer_filters(filters: CustomerFilters) -> str:
    """The WHERE of the tenant's customers (`c`) that match the filters, values as constants."""
    where = [f"c.account_id = {constant(filters.account_id)}", f"c.mode = {constant(filters.mode)}"]
    where.extend(found.sql(value) for found, value in filters.chosen)
    return " AND ".join(where)


# Never valid: no `changes` sum reads -1.
NO_ANCHOR = Anchor(position=0, created_at=datetime(1, 1, 1, tzinfo=UTC), customer_id="", changes=-1)
NOT_ANCHORED = "NULL::bigint, NULL::timestamptz, NULL::text"

NEWEST_FIRST = "ORDER BY {0}.created_at DESC, {0}.id DESC OFFSET {1} LIMIT {2}"

DOCUMENTS = (
    "(SELECT coalesce(array_to_json(array_agg("  # noqa: S608 - fixed text
    f"{DOCUMENT} ORDER BY page.created_at DESC, page.id DESC)), '[]'::json)::text "
    "FROM page JOIN customers ON customers.id = page.id)"
)


def list_statement(
    filters: CustomerFilters, page: PageRequest, anchor: Anchor | None = None
) -> str:
    """The statement; its row is (page JSON, total, whether counters kept the total, and for
    anchored lists the `changes` sum and the key of the page's first customer)."""
    kept = _counter_filters(filters)
    where = customer_filters(filters)
    offset, limit = constant(page.offset), constant(page.per_page)
    newest_first = NEWEST_FIRST.format("c", offset, limit)
    if (keys := only_tags(filters)) is not None:
        return _tagged_statement(filters, keys, newest_first)
    if counted_by_days(filters):
        return _days_statement(filters, kept, where, page)
    if not counters_can_answer(filters):
        # No counter keeps a filter given: the matches are found once, for the page and the
        # count.
        return (
            f"WITH matches AS MATERIALIZED (SELECT c.id, c.created_at FROM customers c "  # noqa: S608 - constants only
            f"WHERE {where}), "
            f"page AS (SELECT * FROM matches c {newest_first}) "
            f"SELECT {DOCUMENTS}, (SELECT count(*) FROM matches), false, {NOT_ANCHORED}"
        )
    if counted_by_columns(filters):
        return _columns_statement(kept, where, page, anchor or NO_ANCHOR)
    # What remains: a search, with filters the counters keep.
    term = filters.search
    assert term is not None
    if counted_by_gram(term):
        # Always kept: its page from the newest-first index, looked for only when it has
        # matches (no index finds a 2-letter piece, so one matching nothing would read all).
        return (
            "WITH kept AS (SELECT coalesce(sum(n), 0)::bigint AS n "  # noqa: S608 - constants only
            f"FROM customer_gram_counts WHERE {' AND '.join(kept)} "
            f"AND gram = {constant(term)}), "
            f"page AS (SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND (SELECT n FROM kept) > {offset} {newest_first}) "
            f"SELECT {DOCUMENTS}, (SELECT n FROM kept), true, {NOT_ANCHORED}"
        )
    registered = "(SELECT terms FROM kept) > 0"
    return (
        "WITH kept AS (SELECT count(*) AS terms, coalesce(sum(n), 0)::bigint AS n "  # noqa: S608 - constants only
        f"FROM customer_term_counts WHERE {' AND '.join(kept)} "
        f"AND term = {constant(term)}), "
        # An unregistered term: all matches, once (the trigram index finds them).
        f"matches AS MATERIALIZED (SELECT c.id, c.created_at FROM customers c "
        f"WHERE {where} AND NOT ({registered})), "
        # A registered one is common: the newest-first index finds its page soonest.
        f"page AS ((SELECT c.id, c.created_at FROM customers c WHERE {where} "
        f"AND {registered} {newest_first}) "
        f"UNION ALL (SELECT * FROM matches m {NEWEST_FIRST.format('m', offset, limit)})) "
        f"SELECT {DOCUMENTS}, CASE WHEN {registered} THEN (SELECT n FROM kept) "
        f"ELSE (SELECT count(*) FROM matches) END, {registered}, {NOT_ANCHORED}"
    )


def _tagged(filters: CustomerFilters, keys: tuple[str, ...]) -> str:
    """The holders of every tag: the first tag's range of ix_customer_tags_newest (read
    backwards for the newest first), each other tag probed by the primary key."""
    first, *others = keys
    held = "".join(
        " AND EXISTS (SELECT 1 FROM customer_tags o WHERE o.customer_id = t.customer_id "  # noqa: S608 - constants only
        f"AND o.tag_key = {constant(key)})"
        for key in others
    )
    return (
        "SELECT t.customer_id AS id, t.customer_created_at AS created_at FROM customer_tags t "  # noqa: S608 - constants only
        f"WHERE t.account_id = {constant(filters.account_id)} AND t.mode = "
        f"{constant(filters.mode)} AND t.tag_key = {constant(first)}{held}"
    )


def _tag_total(filters: CustomerFilters, keys: tuple[str, ...]) -> tuple[str, str]:
    """The exact number of holders of every tag, and whether a counter kept it
    (counter_reach.kept_tag)."""
    if (tag := kept_tag(filters)) is None:
        return f"(SELECT count(*) FROM ({_tagged(filters, keys)}) n)", "false"  # noqa: S608
    return (
        "(SELECT coalesce(sum(n), 0)::bigint FROM customer_tag_counts "  # noqa: S608 - constants only
        f"WHERE account_id = {constant(filters.account_id)} AND mode = {constant(filters.mode)} "
        f"AND tag_key = {constant(tag)})",
        "true",
    )


def _tagged_statement(filters: CustomerFilters, keys: tuple[str, ...], newest_first: str) -> str:
    # The holders are read again for a count rather than from one CTE: a CTE read twice is
    # materialised, and the page would then sort every holder instead of reading the
    # index's first entries.
    total, kept = _tag_total(filters, keys)
    return (
        f"WITH page AS (SELECT * FROM ({_tagged(filters, keys)}) c {newest_first}) "  # noqa: S608 - constants only
        f"SELECT {DOCUMENTS}, {total}, {kept}, {NOT_ANCHORED}"
    )


def _columns_statement(kept: list[str], where: str, page: PageRequest, anchor: Anchor) -> str:
    """A list customer_counts answers: the total from its rows; a deep page from an anchor
    while the filter's `changes` sum is the one the anchor was read at (anchors.py), else from
    the edge of the day its offset falls in (_from_day); whichever runs, the key it starts at
    is returned."""
    # No page is looked for when the counters say there is none: a combination that nothing
    # matches (deactivated with an active subscription) would scan its index.
    some = "(SELECT n FROM counters) > 0"
    counters = (
        "WITH counters AS (SELECT coalesce(sum(n), 0)::bigint AS n, "  # noqa: S608 - constants only
        "coalesce(sum(changes), 0)::bigint AS changes "
        f"FROM customer_counts WHERE {' AND '.join(kept)}), "
    )
    returned = (
        "first AS (SELECT id, created_at FROM page ORDER BY created_at DESC, id DESC LIMIT 1) "  # noqa: S608 - fixed text
        f"SELECT {DOCUMENTS}, (SELECT n FROM counters), true, "
        "(SELECT changes FROM counters), (SELECT created_at FROM first), (SELECT id FROM first)"
    )
    limit = constant(page.per_page)
    if page.offset < anchors.MIN_POSITION:
        return (
            f"{counters}page AS (SELECT c.id, c.created_at FROM customers c "  # noqa: S608 - constants only
            f"WHERE {where} AND {some} {NEWEST_FIRST.format('c', constant(page.offset), limit)}), "
            f"{returned}"
        )
    same = f"(SELECT changes FROM counters) = {constant(anchor.changes)}"  # noqa: S608
    key = f"({constant(anchor.created_at)}, {constant(anchor.customer_id)})"
    from_key = NEWEST_FIRST.format("c", constant(page.offset - anchor.position), limit)

    def from_anchor(held: str) -> str:
        return (
            f"SELECT c.id, c.created_at FROM customers c WHERE {where} "  # noqa: S608 - constants only
            f"AND (c.created_at, c.id) <= {key} AND {held} AND {some} {from_key}"
        )

    if page.offset - anchor.position < anchors.MIN_POSITION:
        # An anchor fewer entries before the offset than a shallow page walks: the statement
        # without the days (planning them cost a quarter of a fixed deep page's time), and
        # by OFFSET in the rare request after the filter's set moved.
        return (
            f"{counters}page AS (({from_anchor(same)}) "  # noqa: S608 - constants only
            f"UNION ALL (SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND NOT {same} AND {some} "
            f"{NEWEST_FIRST.format('c', constant(page.offset), limit)})), {returned}"
        )
    # A farther anchor serves when it lies at or after the first customer of the offset's
    # day, where it skips fewer entries than the day's edge would.
    start, from_day, skip = _from_day(where, page.offset, last_edge=NO_EDGE)
    held = f"{same} AND {constant(anchor.position)} >= coalesce((SELECT before FROM start), 0)"  # noqa: S608
    return (
        f"{counters}{_days([*kept, f'zone_id = {constant(EVERY_ZONE)}'])}{start}"  # noqa: S608 - constants only
        f"page AS (({from_anchor(held)}) "
        # The gate above the LIMIT: PostgreSQL computes a LIMIT's OFFSET when the node is
        # first run, so a gate below it would read the days even when an anchor serves.
        f"UNION ALL (SELECT * FROM ({from_day} {NEWEST_FIRST.format('c', skip, limit)}) d "
        f"WHERE NOT ({held}) AND {some})), {returned}"
    )


def _days_statement(
    filters: CustomerFilters, kept: list[str], where: str, page: PageRequest
) -> str:
    """A zone or creation-date list customer_day_counts answers: the total from the days
    after the date's plus a count of the rest of its own day; a deep page from the edge of
    the day its offset falls in (_from_day)."""
    days = days_kept(filters)
    kept = [*kept, f"zone_id = {constant(days.zone_id)}"]
    if days.after_day is not None:
        kept.append(f"created_day > {constant(days.after_day)}")
    # The customers of the date's own day from the moment given (`where` bounds it below).
    rest_of_day, last_edge = "0", NO_EDGE
    if days.since is not None:
        last_edge = "'infinity'::timestamptz"
        ends = ""
        if days.day_ends is not None:
            last_edge = constant(days.day_ends)
            ends = f" AND c.created_at < {last_edge}"
        rest_of_day = f"(SELECT count(*) FROM customers c WHERE {where}{ends})"  # noqa: S608
    start, from_day = "", f"SELECT c.id, c.created_at FROM customers c WHERE {where}"  # noqa: S608
    skip = constant(page.offset)
    if page.offset >= anchors.MIN_POSITION:
        start, from_day, skip = _from_day(where, page.offset, last_edge=last_edge)
    return (
        f"WITH {_days(kept)}{start}total AS (SELECT (SELECT coalesce(sum(n), 0)::bigint "  # noqa: S608 - constants only
        f"FROM days) + {rest_of_day} AS n), "
        f"page AS ({from_day} AND (SELECT n FROM total) > 0 "
        f"{NEWEST_FIRST.format('c', skip, constant(page.per_page))}) "
        f"SELECT {DOCUMENTS}, (SELECT n FROM total), true, {NOT_ANCHORED}"
    )


# The rows of customer_day_counts that count every customer, whatever their addresses' zones.
EVERY_ZONE = ""
# Before the first customer: the edge of a list that has no customer past its last day.
NO_EDGE = "'-infinity'::timestamptz"


def _days(kept: list[str]) -> str:
    """The CTE `days`: the list's customers per UTC day of creation, (day, n), from
    customer_day_counts rows of the kept filters."""
    return (
        "days AS (SELECT created_day AS day, sum(n) AS n FROM customer_day_counts "  # noqa: S608 - constants only
        f"WHERE {' AND '.join(kept)} GROUP BY created_day), "
    )


def _from_day(where: str, offset: int, *, last_edge: str) -> tuple[str, str, str]:
    """Where a deep page starts without walking the index from the newest customer: the CTE
    `start` (the day holding position ``offset`` of the list, and the customers before that
    day; from `days`), the list's customers from that day's end, and how many of them to skip
    (only that day's before the offset, not every customer before it).

    Past the days (a `created_after` list's own day, counted apart, or past the last page)
    the page starts at ``last_edge`` and skips the customers of every day. Days and customers
    are read by one statement, one snapshot, so the page is the one OFFSET would find.
    """
    at = constant(offset)
    # Days are unique: the running sum up to a day, less its own, is what comes before it.
    start = (
        "start AS (SELECT day, before FROM (SELECT day, n, "  # noqa: S608 - constants only
        "sum(n) OVER (ORDER BY day DESC) - n AS before FROM days) placed "
        f"WHERE before <= {at} AND before + n > {at}), "
    )
    edge = "(SELECT (day + 1)::timestamp AT TIME ZONE 'UTC' FROM start)"
    from_day = (
        f"SELECT c.id, c.created_at FROM customers c WHERE {where} "  # noqa: S608 - constants only
        f"AND c.created_at < coalesce({edge}, {last_edge})"
    )
    skip = (
        f"(coalesce((SELECT {at} - before FROM start), "  # noqa: S608 - constants only
        f"{at} - (SELECT coalesce(sum(n), 0) FROM days)))::bigint"
    )
    return start, from_day, skip
