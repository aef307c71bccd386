"""The customers list on PostgreSQL: one statement per request, written here and sent to the
driver directly.

It returns the page's JSON (documents.DOCUMENT), the exact total and whether a counter kept
that total, in one round trip whatever the filters:

- no search, zone or date filter: the total is read from customer_counts;
- a search: from the term's counters when the term is registered, otherwise counted from the
  matches found once for the page and the count. The statement holds both ways and PostgreSQL
  runs only one of them: a gate on the term's counters is an InitPlan that decides, before
  either way starts, which one produces rows (an InitPlan whose result is not asked for is
  never executed);
- a zone or date filter: counted from the matches.

SQLAlchemy is not used here: for this statement, computing its cache key cost more Python
time than the rest of the request (docs/performance.md, "Phase 3"). The SQLite path keeps
the Core queries of repository.py, which say the same filters.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from otesse.core.pagination import PageRequest
from otesse.customers.anchors import Anchor
from otesse.customers.documents import DOCUMENT
from otesse.customers.repository import CustomerFilters, like_pattern


def text_constant(value: str) -> str:
    """``value`` as a PostgreSQL escape-string constant, read back exactly as given whatever
    the server's standard_conforming_strings (NUL never reaches here: the text guard refuses
    it)."""
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(slots=True)
class _Parameters:
    values: list[Any] = field(default_factory=list)

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


@dataclass(frozen=True, slots=True)
class ListStatement:
    sql: str
    args: tuple[Any, ...]


def _counter_filters(filters: CustomerFilters, params: _Parameters) -> list[str]:
    """The filters the counter tables keep (their columns are named as the customers')."""
    kept = [f"account_id = {params.add(filters.account_id)}", f"mode = {params.add(filters.mode)}"]
    if filters.status is not None:
        kept.append(f"status = {params.add(filters.status)}")
    if filters.has_subscription is not None:
        # "= $n", not "IS": only equality can use ix_customers_subscribed_newest.
        kept.append(f"active_subscription = {params.add(filters.has_subscription)}")
    return kept


def _customer_filters(filters: CustomerFilters, kept: list[str], params: _Parameters) -> str:
    where = [f"c.{clause}" for clause in kept]
    if filters.created_after is not None:
        where.append(f"c.created_at >= {params.add(filters.created_after)}")
    if filters.zone_id is not None:
        where.append(
            "EXISTS (SELECT 1 FROM addresses a WHERE a.customer_id = c.id "  # noqa: S608 - placeholders only
            f"AND a.zone_id = {params.add(filters.zone_id)})"
        )
    if filters.search:
        # A constant, not a parameter, so that the planner chooses per term: the trigram index
        # for a rare term, the newest-first index for a common one (docs/performance.md).
        pattern = text_constant(like_pattern(filters.search))
        where.append(f"c.search_text LIKE {pattern} ESCAPE E'\\\\'")
    return " AND ".join(where)


# Never valid: no `changes` sum reads -1.
NO_ANCHOR = Anchor(position=0, created_at=datetime(1, 1, 1, tzinfo=UTC), customer_id="", changes=-1)
NOT_ANCHORED = "NULL::bigint, NULL::timestamptz, NULL::text"

NEWEST_FIRST = "ORDER BY {0}.created_at DESC, {0}.id DESC OFFSET {1} LIMIT {2}"

DOCUMENTS = (
    "(SELECT coalesce(json_agg("  # noqa: S608 - fixed text
    f"{DOCUMENT} ORDER BY page.created_at DESC, page.id DESC), '[]'::json)::text "
    "FROM page JOIN customers ON customers.id = page.id)"
)


def list_statement(
    filters: CustomerFilters, page: PageRequest, anchor: Anchor | None = None
) -> ListStatement:
    """The statement; its row is (page JSON, total, whether counters kept the total, and for
    anchored lists the `changes` sum and the key of the page's first customer)."""
    params = _Parameters()
    kept = _counter_filters(filters, params)
    where = _customer_filters(filters, kept, params)
    offset, limit = params.add(page.offset), params.add(page.per_page)
    newest_first = NEWEST_FIRST.format("c", offset, limit)
    if filters.created_after is not None or filters.zone_id is not None:
        # No counter keeps these: the matches are found once, for the page and the count.
        sql = (
            f"WITH matches AS MATERIALIZED (SELECT c.id, c.created_at FROM customers c "  # noqa: S608 - placeholders only
            f"WHERE {where}), "
            f"page AS (SELECT * FROM matches c {newest_first}) "
            f"SELECT {DOCUMENTS}, (SELECT count(*) FROM matches), false, {NOT_ANCHORED}"
        )
    elif not filters.search:
        # The page from an anchor while the filter's `changes` sum is the one it was read at,
        # else by OFFSET (anchors.py); whichever runs, the key it starts at is returned.
        anchor = anchor or NO_ANCHOR
        same = f"(SELECT changes FROM counters) = {params.add(anchor.changes)}"  # noqa: S608
        key = f"({params.add(anchor.created_at)}, {params.add(anchor.customer_id)})"
        skip = params.add(max(0, page.offset - anchor.position))
        sql = (
            "WITH counters AS (SELECT coalesce(sum(n), 0)::bigint AS n, "  # noqa: S608 - placeholders only
            "coalesce(sum(changes), 0)::bigint AS changes "
            f"FROM customer_counts WHERE {' AND '.join(kept)}), "
            f"page AS ((SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND (c.created_at, c.id) <= {key} AND {same} "
            f"{NEWEST_FIRST.format('c', skip, limit)}) "
            f"UNION ALL (SELECT c.id, c.created_at FROM customers c WHERE {where} "
            f"AND NOT {same} {newest_first})), "
            "first AS (SELECT id, created_at FROM page ORDER BY created_at DESC, id DESC LIMIT 1) "
            f"SELECT {DOCUMENTS}, (SELECT n FROM counters), true, "
            "(SELECT changes FROM counters), (SELECT created_at FROM first), "
            "(SELECT id FROM first)"
        )
    else:
        term = params.add(filters.search)
        registered = "(SELECT terms FROM kept) > 0"
        sql = (
            "WITH kept AS (SELECT count(*) AS terms, coalesce(sum(n), 0)::bigint AS n "  # noqa: S608 - placeholders only
            f"FROM customer_term_counts WHERE {' AND '.join(kept)} AND term = {term}), "
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
    return ListStatement(sql, tuple(params.values))
