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
