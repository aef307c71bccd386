"""The one JSON writer's timestamps are RFC 3339 whatever the year (found by schemathesis:
a booking rescheduled to year 84 was answered as "84-02-08T09:54:53Z")."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from otesse.core.json import timestamp


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(84, 2, 8, 9, 54, 53, tzinfo=UTC), "0084-02-08T09:54:53Z"),
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
        (datetime(2025, 6, 15, 9, 0, 0, 999_999, tzinfo=UTC), "2025-06-15T09:00:00Z"),
        (datetime(2025, 6, 15, 2, tzinfo=timezone(timedelta(hours=-7))), "2025-06-15T09:00:00Z"),
    ],
)
def test_timestamps_are_rfc3339_in_utc_without_fractions(moment: datetime, written: str) -> None:
    assert timestamp(moment) == written
