"""Fixtures of the customers tests."""

import pytest

from otesse.customer_counts import repository as counts


@pytest.fixture
def registered_at_two_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A term is registered once it matches 2 customers (2,000 in production), so a handful of
    customers make a common term."""
    monkeypatch.setattr(counts, "REGISTER_AT_MATCHES", 2)
