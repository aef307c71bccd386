"""The customers list on PostgreSQL: one statement per request, written here and sent to the
driver directly.

It returns the page's JSON (representation.DOCUMENT), the exact total and whether a counter kept
that total, in one round trip whatever the filters:

- no search, zone or date filter: the total is read from customer_counts;
- a search: from the term's counters when the term is registered, otherwise counted from the
  matches found once for the page and the count. The statement holds both ways and PostgreSQL
  runs only one of them: a gate on the term's counters is an InitPlan that decides, before
  either way starts, which one produces rows (an InitPlan whose result is not asked for is
  never executed);
- a zone or creation-date filter (with status or has_subscription): from
  customer_day_counts (migration 0021), the days after the date's plus a count of the rest of
  its own day; a page is only looked for when that total is not 0;
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
        return _days_statement(filters, kept, where, newest_first)
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
        # The page from an anchor while the filter's `changes` sum is the one it was read at,
        # else by OFFSET (anchors.py); whichever runs, the key it starts at is returned.
        anchor = anchor or NO_ANCHOR
        # No page is looked for when the counters say there is none: a combination that
        # nothing matches (deactivated with an active subscription) would scan its index.
        same = f"(SELECT changes FROM counters) = {constant(anchor.changes)}"  # noqa: S608
        some = "(SELECT n FROM counters) > 0"
        key = f"({constant(anchor.created_at)}, {constant(anchor.customer_id)})"
        skip = constant(max(0, page.offset - anchor.position))
        return (
            "WITH counters AS (SELECT coalesce(sum(n), 0)::bigint AS n, "  # noqa: S608 - constants only
            "coalesce(sum(changes), 0)::bigint AS changes "
            f"FROM customer_counts WHERE {' AND '.join(kept)}), "
            f"page AS ((SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND (c.created_at, c.id) <= {key} AND {same} AND {some} "
            f"{NEWEST_FIRST.format('c', skip, limit)}) "
            f"UNION ALL (SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND NOT {same} AND {some} {newest_first})), "
            "first AS (SELECT id, created_at FROM page ORDER BY created_at DESC, id DESC LIMIT 1) "
            f"SELECT {DOCUMENTS}, (SELECT n FROM counters), true, "
            "(SELECT changes FROM counters), (SELECT created_at FROM first), "
            "(SELECT id FROM first)"
        )
    # What remains: a search, with filters the counters keep.
    term = filters.search
    assert term is not None
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


def _days_statement(
    filters: CustomerFilters, kept: list[str], where: str, newest_first: str
) -> str:
    days = days_kept(filters)
    kept = [*kept, f"zone_id = {constant(days.zone_id)}"]
    if days.after_day is not None:
        kept.append(f"created_day > {constant(days.after_day)}")
    # The customers of the date's own day from the moment given (`where` bounds it below).
    rest_of_day = "0"
    if days.since is not None:
        ends = "" if days.day_ends is None else f" AND c.created_at < {constant(days.day_ends)}"
        rest_of_day = f"(SELECT count(*) FROM customers c WHERE {where}{ends})"  # noqa: S608
    return (
        "WITH total AS (SELECT (SELECT coalesce(sum(n), 0)::bigint FROM customer_day_counts "  # noqa: S608 - constants only
        f"WHERE {' AND '.join(kept)}) + {rest_of_day} AS n), "
        f"page AS (SELECT c.id, c.created_at FROM customers c WHERE {where} "
        f"AND (SELECT n FROM total) > 0 {newest_first}) "
        f"SELECT {DOCUMENTS}, (SELECT n FROM total), true, {NOT_ANCHORED}"
    )
