"""`search=` as one SQLAlchemy construct, compiled for each database's search index.

On PostgreSQL the customers' trigram GIN index serves a LIKE on search_text directly. SQLite
has no such index on a column: its trigram index is an FTS5 table (migration 0023), so the
same test is written there as "among the index's candidates, and the LIKE holds". The
candidates' LIKE has no ESCAPE clause (FTS5 does not take one), so only terms without LIKE's
wildcard characters and of 3 or more characters (a trigram) go through it; the customers'
own LIKE, with its ESCAPE, decides either way.
"""

from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

TRIGRAM = 3


def indexable(term: str) -> bool:
    """Whether SQLite's trigram index can find the term's candidates."""
    return len(term) >= TRIGRAM and not any(char in term for char in "%_\\")


class contains_indexed(FunctionElement[bool]):
    """``contains_indexed(column, pattern)``: column LIKE pattern, through SQLite's trigram
    table where there is one. ``pattern`` is ``%term%`` of an :func:`indexable` term."""

    type = Boolean()
    inherit_cache = True
    name = "contains_indexed"
    # A test, not a value: SQLite's WHERE would otherwise read it as `(...) = 1`, which hides
    # the rowid constraint from the planner.
    _is_implicitly_boolean = True


def _like(element: contains_indexed, compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    column, pattern = list(element.clauses)
    return compiler.process(column, **kw), compiler.process(pattern, **kw)


@compiles(contains_indexed)
def _compile_default(element: contains_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = _like(element, compiler, **kw)
    return f"{column} LIKE {pattern} ESCAPE '\\'"


@compiles(contains_indexed, "sqlite")
def _compile_sqlite(element: contains_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = _like(element, compiler, **kw)
    return (
        "(customers.rowid IN (SELECT rowid FROM customer_search "  # noqa: S608 - compiled clauses
        f"WHERE customer_search.search_text LIKE {pattern}) AND {column} LIKE {pattern} "
        "ESCAPE '\\')"
    )
