"""The filters of the customers list, each declared once.

A :class:`ListFilter` says everything about one query parameter: how it is declared
(validation and OpenAPI), how its text becomes a value, its condition on SQLite
(SQLAlchemy Core, repository.py) and on PostgreSQL (text with constants, list_statement.py),
and whether the counters keep it. The router's parameters, both dialects' statements and
the counters' reach (counter_reach.py) are derived from :data:`FILTERS`; the list tests are
parametrised over it (tests/customers/test_filters.py). A new filter is one declaration
here (and, when it needs one, an index in a migration).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    select,
)

from otesse.core.errors import InvalidRequest
from otesse.core.json import encode
from otesse.core.sql_constants import constant
from otesse.core.validation import QueryBool, is_rfc3339
from otesse.customer_counts.repository import NoneOf
from otesse.customers.schemas import CustomerStatus, tag_key
from otesse.customers.search import search_term
from otesse.customers.search_index import contains_indexed, indexable
from otesse.models import Address, Customer, CustomerTag


@dataclass(frozen=True, slots=True, eq=False)
class ListFilter:
    name: str  # the query parameter
    query: Any  # its annotation: type and Query(...) (validation, OpenAPI)
    parse: Callable[[Any], Any]  # the parameter's value -> the filter's; None filters nothing
    condition: Callable[[Any], ColumnElement[bool]]  # on Customer (SQLite's statements)
    sql: Callable[[Any], str]  # the same on customers `c`, values as constants (PostgreSQL)
    # The column of customer_counts (and customer_term_counts) that keeps this filter, named
    # as the customers' column; None when no counter keeps it (its totals are counted).
    counter_column: str | None = None
    # How customer_day_counts (migration 0021) keeps this filter, when it does: "zone" (the
    # zone's rows) or "since" (the rows of the days after the value's, plus a count of the
    # rest of its own day).
    day_counter: Literal["zone", "since"] | None = None
    # A deepObject parameter (`metadata[KEY]=VALUE`): ``query`` is then its OpenAPI parameter
    # object, which the route declares (openapi_extra) and the unknown-parameter check reads
    # (core/pagination.py); ``parse`` takes the (KEY, VALUE) pairs given.
    deep_object: bool = False


def like_pattern(term: str) -> str:
    """A LIKE pattern finding ``term`` anywhere, its wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_condition(term: str) -> ColumnElement[bool]:
    # The pattern is rendered into the statement as a quoted constant (literal_execute), so
    # the planner chooses per term: the trigram index for a rare term, the newest-first index
    # for a common one. Every other statement keeps a cached generic plan, whose planning
    # would otherwise cost more than running it (docs/performance.md).
    pattern = bindparam("pattern", like_pattern(term), type_=String, literal_execute=True)
    if indexable(term):  # SQLite's trigram table finds its candidates (search_index.py)
        return contains_indexed(Customer.search_text, pattern)
    return Customer.search_text.like(pattern, escape="\\")


DIGIT_GRAM = 4


def _search_sql(term: str) -> str:
    """``term`` is a substring of the customer's search text.

    A term of 4 or more digits is found through the index of 4-digit runs (migration 0005):
    every 4-digit piece of it is in the text's digit grams, then the substring is checked.
    `strpos` (the same test for a term without wildcards) keeps the trigram index out of that
    plan. Any other term is a LIKE on the trigram index."""
    if term.isascii() and term.isdigit() and len(term) >= DIGIT_GRAM:
        grams = sorted({term[i : i + DIGIT_GRAM] for i in range(len(term) - DIGIT_GRAM + 1)})
        wanted = ", ".join(constant(gram) for gram in grams)
        return (
            f"customer_digit_grams(c.search_text) @> ARRAY[{wanted}]::text[] "
            f"AND strpos(c.search_text, {constant(term)}) > 0"
        )
    return f"c.search_text LIKE {constant(like_pattern(term))} ESCAPE E'\\\\'"


def parse_created_after(typed: str) -> datetime:
    """ISO 8601 date (midnight UTC) or date-time (UTC when it names no offset)."""
    try:
        if len(typed) == 10 and typed[4] == typed[7] == "-" and typed.isascii():
            day = date.fromisoformat(typed)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        if not (is_rfc3339(typed) or is_rfc3339(f"{typed}Z")):
            raise ValueError(typed)
        moment = datetime.fromisoformat(typed.replace("z", "Z"))
    except ValueError:
        why = "expected an ISO 8601 date (2025-06-15) or date-time (2025-06-15T09:00:00Z)"
        raise InvalidRequest(
            f"Invalid query parameter created_after: {why}.",
            code="parameter_invalid",
            param="created_after",
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # an offset carried it past year 1 or 9999 in UTC: the bound holds
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)


def _same(value: Any) -> Any:
    return value


SEARCH = ListFilter(
    name="search",
    query=Annotated[
        str | None, Query(max_length=200, description="Name, email or phone (substring).")
    ],
    parse=lambda typed: search_term(typed) or None,
    condition=_search_condition,
    sql=_search_sql,
    # Kept by customer_term_counts once the term is registered, by customer_gram_counts when
    # it has 1 or 2 characters (customer_counts/).
)
STATUS = ListFilter(
    name="status",
    query=Annotated[CustomerStatus | None, Query(description="Only customers in this status.")],
    parse=_same,
    condition=lambda status: Customer.status == status,
    sql=lambda status: f"c.status = {constant(status)}",
    counter_column="status",
)
CREATED_AFTER = ListFilter(
    name="created_after",
    query=Annotated[
        str | None,
        Query(
            description="Date or RFC 3339 date-time; created at or after it.",
            json_schema_extra={
                "anyOf": [
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                ]
            },
        ),
    ],
    parse=parse_created_after,
    condition=lambda moment: Customer.created_at >= moment,
    sql=lambda moment: f"c.created_at >= {constant(moment)}",
    day_counter="since",
)
HAS_SUBSCRIPTION = ListFilter(
    name="has_subscription",
    query=Annotated[
        QueryBool | None,
        Query(description="Has an active subscription (true) or none (false)."),
    ],
    parse=_same,
    # "=", not "IS": only equality can use ix_customers_subscribed_newest.
    condition=lambda subscribed: Customer.active_subscription == subscribed,
    sql=lambda subscribed: f"c.active_subscription = {constant(subscribed)}",
    counter_column="active_subscription",
)
ZONE_ID = ListFilter(
    name="zone_id",
    query=Annotated[
        str | None, Query(min_length=1, max_length=40, description="Has an address in this zone.")
    ],
    parse=_same,
    condition=lambda zone_id: exists().where(
        Address.customer_id == Customer.id, Address.zone_id == zone_id
    ),
    sql=lambda zone_id: (
        "EXISTS (SELECT 1 FROM addresses a WHERE a.customer_id = c.id "  # noqa: S608 - constants only
        f"AND a.zone_id = {constant(zone_id)})"
    ),
    day_counter="zone",
)

# Not a query parameter: a list given no status leaves merged customers out (they answer
# GET by id, and `status=merged` lists them) and erased ones (docs/privacy.md). The list
# indexes hold the others only (their predicate is this condition, written as here, with the
# statuses as literals so that SQLite's planner matches it too: migration 0013), so such a
# list still reads them alone.
UNLISTED_STATUSES = ("merged", "erased")


def _listed(statuses: tuple[str, ...]) -> ColumnElement[bool]:
    # Plain quoted literals (the statuses are this module's own words, never input).
    assert all(status.isidentifier() for status in statuses)
    return and_(*(Customer.status != literal_column(f"'{status}'") for status in statuses))


LISTED_ONLY = ListFilter(
    name="status",
    query=None,
    parse=_same,
    condition=_listed,
    sql=lambda statuses: " AND ".join(f"c.status <> {constant(one)}" for one in statuses),
    counter_column="status",
)

EXTERNAL_ID = ListFilter(
    name="external_id",
    query=Annotated[
        str | None,
        Query(min_length=1, max_length=255, description="Your own id for the customer (exact)."),
    ],
    parse=_same,
    condition=lambda external_id: Customer.external_id == external_id,
    sql=lambda external_id: f"c.external_id = {constant(external_id)}",
)


def parse_tags(typed: list[str]) -> tuple[str, ...] | None:
    """The tags' keys (case-insensitive), each once, in a stable order."""
    for tag in typed:
        if not 1 <= len(tag) <= 50:
            raise InvalidRequest(
                "Invalid query parameter tag: a tag has 1 to 50 characters.",
                code="parameter_invalid",
                param="tag",
            )
    return tuple(sorted({tag_key(tag) for tag in typed})) or None


def _tagged(key: str) -> ColumnElement[bool]:
    return exists().where(
        CustomerTag.customer_id == Customer.id,
        CustomerTag.account_id == Customer.account_id,
        CustomerTag.mode == Customer.mode,
        CustomerTag.tag_key == key,
    )


def _tagged_sql(key: str) -> str:
    # The tenant repeated from the customer: the planner reads (account, mode, tag_key,
    # customer_id) of ix_customer_tags_tag with all three as constants.
    return (
        "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id "  # noqa: S608 - constants only
        f"AND t.account_id = c.account_id AND t.mode = c.mode AND t.tag_key = {constant(key)})"
    )


TAG = ListFilter(
    name="tag",
    query=Annotated[
        list[str] | None,
        Query(
            description="Holds this tag (case-insensitive); repeat it for customers holding "
            "all of them: `tag=vip&tag=pets`.",
            json_schema_extra={"items": {"type": "string", "minLength": 1, "maxLength": 50}},
        ),
    ],
    parse=parse_tags,
    condition=lambda keys: and_(*(_tagged(key) for key in keys)),
    sql=lambda keys: " AND ".join(_tagged_sql(key) for key in keys),
)

MetadataPairs = tuple[tuple[str, str], ...]


def parse_metadata(pairs: list[tuple[str, str]]) -> MetadataPairs | None:
    """``metadata[KEY]=VALUE`` pairs, by the metadata's own limits; a key given twice must
    have one value (a customer holds one)."""
    found: dict[str, str] = {}
    for key, value in pairs:
        name = f"metadata[{key}]"
        if not 1 <= len(key) <= 40 or "[" in key or "]" in key or len(value) > 500:
            raise InvalidRequest(
                f"Invalid query parameter {name}: a key has 1 to 40 characters without "
                "brackets, a value at most 500.",
                code="parameter_invalid",
                param=name,
            )
        if found.setdefault(key, value) != value:
            raise InvalidRequest(
                f"Invalid query parameter {name}: given twice with different values.",
                code="parameter_invalid",
                param=name,
            )
    return tuple(sorted(found.items())) or None


def _metadata_condition(pairs: MetadataPairs) -> ColumnElement[bool]:
    def holds(key: str, value: str) -> ColumnElement[bool]:
        entry = func.json_each(Customer.metadata_map).table_valued("key", "value")
        return exists(
            select(literal(1)).select_from(entry).where(entry.c.key == key, entry.c.value == value)
        )

    return and_(*(holds(key, value) for key, value in pairs))


def _metadata_sql(pairs: MetadataPairs) -> str:
    # Containment over the jsonb of the stored text: the GIN index of migration 0008.
    wanted = encode(dict(pairs)).decode()
    return f"c.metadata_map::jsonb @> {constant(wanted)}::jsonb"


METADATA = ListFilter(
    name="metadata",
    query={
        "name": "metadata",
        "in": "query",
        "style": "deepObject",
        "explode": True,
        "description": "`metadata[KEY]=VALUE`: holds this metadata value (exact); several "
        "keys must all match.",
        "schema": {
            "type": "object",
            # No brackets, and no NUL: no database stores one (core/text_guard.py).
            "propertyNames": {"minLength": 1, "maxLength": 40, "pattern": "^[^\\[\\]\\u0000]*$"},
            "additionalProperties": {"type": "string", "maxLength": 500},
        },
        "example": {"crm_id": "8812"},
    },
    parse=parse_metadata,
    condition=_metadata_condition,
    sql=_metadata_sql,
    deep_object=True,
)

# In the order of the list's query parameters (OpenAPI).
FILTERS: tuple[ListFilter, ...] = (
    SEARCH,
    STATUS,
    CREATED_AFTER,
    HAS_SUBSCRIPTION,
    ZONE_ID,
    EXTERNAL_ID,
    TAG,
    METADATA,
)
DEEP_OBJECT_FILTERS = tuple(found for found in FILTERS if found.deep_object)
BY_NAME = {list_filter.name: list_filter for list_filter in FILTERS}

Chosen = tuple[tuple[ListFilter, Any], ...]


@dataclass(frozen=True, slots=True)
class CustomerFilters:
    """A tenant's list request: the filters given and their values, in FILTERS order."""

    account_id: str
    mode: str
    chosen: Chosen = ()

    @classmethod
    def of(cls, account_id: str, mode: str, **values: Any) -> "CustomerFilters":
        """From parsed values by filter name; a None value filters nothing."""
        unknown = set(values) - set(BY_NAME)
        assert not unknown, f"no such filters: {unknown}"
        chosen = tuple(
            (list_filter, values[list_filter.name])
            for list_filter in FILTERS
            if values.get(list_filter.name) is not None
        )
        if values.get(STATUS.name) is None:
            chosen = ((LISTED_ONLY, UNLISTED_STATUSES), *chosen)
        return cls(account_id, mode, chosen)

    @property
    def search(self) -> str | None:
        return next((value for found, value in self.chosen if found is SEARCH), None)

    def counter_values(self) -> dict[str, Any]:
        """The chosen filters the counters keep, by the counters' column."""
        return {
            found.counter_column: NoneOf(value) if found is LISTED_ONLY else value
            for found, value in self.chosen
            if found.counter_column is not None
        }
