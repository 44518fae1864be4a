"""The back office's Thai date and date-time fields: what staff type, what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from ita_portal.forms import ThaiDateTimeField


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("1/11/2568 09:00", datetime(2025, 11, 1, 2, 0, tzinfo=UTC)),
        ("1/11/2568 9.30 น.", datetime(2025, 11, 1, 2, 30, tzinfo=UTC)),
        ("๑ พ.ย. ๒๕๖๘ เวลา ๐๙.๐๐ น.", datetime(2025, 11, 1, 2, 0, tzinfo=UTC)),
        ("1/11/2025 09:00", datetime(2025, 11, 1, 2, 0, tzinfo=UTC)),  # a C.E. year
        ("1/11/2568", datetime(2025, 10, 31, 17, 0, tzinfo=UTC)),  # midnight in Bangkok
    ],
)
def test_a_thai_moment_is_read_in_bangkok_time(typed, utc):
    assert ThaiDateTimeField().clean(typed) == utc


@pytest.mark.parametrize("typed", ["31/2/2568 09:00", "1/11/2568 25:00", "พรุ่งนี้", "1/11/2568 9:75"])
def test_a_moment_that_cannot_be_read_says_how_to_write_it(typed):
    with pytest.raises(ValidationError) as error:
        ThaiDateTimeField().clean(typed)

    assert "3/10/2568 09:00" in error.value.messages[0]


def test_empty_is_no_moment_when_not_required():
    assert ThaiDateTimeField(required=False).clean("") is None


def test_a_stored_moment_shows_with_a_buddhist_era_year_in_bangkok_time():
    shown = ThaiDateTimeField().prepare_value(datetime(2025, 11, 1, 2, 0, tzinfo=UTC))

    assert shown == "1/11/2568 09:00"
