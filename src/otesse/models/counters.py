"""Exact counts of customers kept by database triggers (migration 0002).

Totals of the customers list read these instead of COUNT(*): sum `n` over the rows that match
the filters (several slots per key on PostgreSQL). Never written by application code except
to register a search term (a row per status and active_subscription, counted once under the
tenant's exclusive advisory lock; see docs/performance.md).
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, UtcDateTime, mode_check, utcnow


class CustomerCount(Base):
    __tablename__ = "customer_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    active_subscription: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)
    # Grows with every move of this row (migration 0004): an unchanged sum over a filter's
    # rows means its set of customers is unchanged (customers/anchors.py).
    changes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class CustomerTermCount(Base):
    __tablename__ = "customer_term_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    # The normalised search term (casefolded; digits only for phone-like terms).
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    active_subscription: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CustomerTagCount(Base):
    """How many customers hold a tag (migration 0018): sum `n` over the tag's slots. Moved
    by triggers on customer_tags in the writing transaction, never by application code."""

    __tablename__ = "customer_tag_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    tag_key: Mapped[str] = mapped_column(String(50), primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class CustomerDayCount(Base):
    """How many customers were created on each UTC day, by status and active subscription
    (migration 0021): once for all the tenant's customers (`zone_id` ''), and once per zone
    for those with an address in it. `created_after` and `zone_id` totals sum these rows.
    Moved by triggers on customers and addresses, never by application code."""

    __tablename__ = "customer_day_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    active_subscription: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class CustomerGramCount(Base):
    """How many customers' search text holds each gram: every distinct piece of 1 or 2
    characters (migration 0024), by status and active subscription. A search term that short
    has no trigram for an index to look up, so its total is read here, whatever its
    matches. Moved by triggers on customers, never by application code."""

    __tablename__ = "customer_gram_counts"
    __table_args__ = (mode_check(),)

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    gram: Mapped[str] = mapped_column(String(8), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    active_subscription: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


# search_gram_spans (migration 0024) holds where a gram can start in a search text and how
# wide it is: (1, 1), (1, 2), (2, 1) … up to MAX_SEARCH_TEXT. The grams of a text are a join
# with it, written once for both databases (SQLite's triggers may not use a recursive CTE or
# generate_series). Fixed reference rows, not a model: nothing writes them after the migration.
# The widths counted by gram: a term of GRAM_WIDTHS[-1] characters or fewer is counted from
# customer_gram_counts; a longer one has trigrams (and a registered term's counter).
GRAM_WIDTHS = (1, 2)
# The longest search text the spans reach: four names of 100 characters, an email of 254 and
# a phone, each of which casefolding may lengthen (ß -> ss), stay well below it.
MAX_SEARCH_TEXT = 4096
GRAM_KEY = "account_id, mode, gram, status, active_subscription"
# The function giving the first position of a substring: the same arguments on both.
FIRST_POSITION = {"postgresql": "strpos", "sqlite": "instr"}


def counted_by_gram(term: str) -> bool:
    """Whether a (normalised) search term's total is read from customer_gram_counts."""
    return 0 < len(term) <= GRAM_WIDTHS[-1]


def gram_spans(row: str, dialect: str) -> str:
    """SQL: the join condition of search_gram_spans `s` with the grams of customer ``row``'s
    search text, each gram once, at its first occurrence (so no DISTINCT is needed);
    ``substr({row}.search_text, s.start, s.width)`` is the gram."""
    text = f"{row}.search_text"
    # `s.start <= length` alone bounds the primary key's range (the spans past the text are
    # not read); the second test drops the piece that would run past its end.
    return (
        f"s.start <= length({text}) AND s.start + s.width - 1 <= length({text}) "
        f"AND {FIRST_POSITION[dialect]}({text}, substr({text}, s.start, s.width)) = s.start"
    )
