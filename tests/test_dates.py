"""Partial dates: parsing, validation, order, overlap and display at their own precision."""

from __future__ import annotations

from datetime import date

import pytest

from clusterctl.dates import (
    DateRange,
    PartialDate,
    Precision,
    overlaps,
    parse_partial,
    parse_user_date,
    parse_when,
    sort_key,
)
from clusterctl.errors import DateError


@pytest.mark.parametrize(
    ("text", "precision", "display"),
    [
        ("2005", Precision.YEAR, "2005"),
        ("2005-07", Precision.MONTH, "Jul 2005"),
        ("2005-07-27", Precision.DAY, "27 Jul 2005"),
        ("2024-02-29", Precision.DAY, "29 Feb 2024"),
    ],
)
def test_parse_and_display_keep_precision(text: str, precision: Precision, display: str) -> None:
    parsed = parse_partial(text)
    assert parsed.precision is precision
    assert parsed.display() == display
    assert str(parsed) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "Feb 2023 has no day 30"),
        ("2023-02-29", "Feb 2023 has no day 29"),
        ("2023-13", "month 13 does not exist"),
        ("2023-00", "month 0 does not exist"),
        ("0000", "year 0 is out of range"),
        ("23-06", "is not a date"),
        ("2023-6", "is not a date"),
        ("2023-06-01T00:00", "is not a date"),
        ("", "is not a date"),
        ("２０２３", "is not a date"),  # full-width digits: the schema refuses them too
        ("٢٠٢٣-٠٦", "is not a date"),  # Arabic-Indic digits
    ],
)
def test_impossible_or_malformed_dates_are_errors(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_when(text)


def test_interval_bounds() -> None:
    assert parse_partial("2023-06").earliest == date(2023, 6, 1)
    assert parse_partial("2023-06").latest == date(2023, 6, 30)
    assert parse_partial("2024-02").latest == date(2024, 2, 29)
    assert parse_partial("2023").latest == date(2023, 12, 31)


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("2023-07-04/2023-07-09", "4–9 Jul 2023"),
        ("2023-06-28/2023-07-02", "28 Jun – 2 Jul 2023"),
        ("2019/2021", "2019–2021"),
        ("2020-03/2020-05", "Mar–May 2020"),
        ("2022-12-30/2023-01-02", "30 Dec 2022 – 2 Jan 2023"),
        ("2005/2011-06", "2005 – Jun 2011"),
    ],
)
def test_range_display(text: str, display: str) -> None:
    when = parse_when(text)
    assert isinstance(when, DateRange)
    assert when.display() == display
    assert str(when) == text


def test_range_must_not_end_before_it_starts() -> None:
    with pytest.raises(DateError, match="ends"):
        parse_when("2023-07-09/2023-07-04")


def test_overlap_uses_the_whole_interval() -> None:
    june = parse_partial("2023-06")
    assert overlaps(june, date(2023, 6, 15), None)
    assert overlaps(june, None, date(2023, 6, 1))
    assert not overlaps(june, date(2023, 7, 1), None)
    assert not overlaps(june, None, date(2023, 5, 31))
    visit = parse_when("2023-07-04/2023-07-09")
    assert overlaps(visit, date(2023, 7, 9), date(2023, 12, 31))
    assert not overlaps(visit, date(2023, 7, 10), None)


def test_chronological_order_is_by_first_day_then_last_day() -> None:
    texts = ("2005-07-27", "2005", "2004-12", "2005-07", "2005-07-01", "2005-07-01/2005-07-03")
    ordered = [str(w) for w in sorted((parse_when(t) for t in texts), key=sort_key)]
    assert ordered == [
        "2004-12",
        "2005",
        "2005-07-01",
        "2005-07-01/2005-07-03",
        "2005-07",
        "2005-07-27",
    ]
    assert sort_key(None) > sort_key(PartialDate(9999))


TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", "2020"),
        ("2023-06", "2023-06"),
        ("2023-06-01", "2023-06-01"),
        ("June 2023", "2023-06"),
        ("Jun 2023", "2023-06"),
        ("1 Jun 2023", "2023-06-01"),
        ("June 1, 2023", "2023-06-01"),
        ("2023/06/01", "2023-06-01"),
        ("2023/6/1", "2023-06-01"),
        ("today", "2026-11-22"),
        ("5y", "2021-11-22"),
        ("18m", "2025-05-22"),
        ("2w", "2026-11-08"),
        ("10d", "2026-11-12"),
    ],
)
def test_user_dates_keep_the_precision_typed(text: str, expected: str) -> None:
    assert str(parse_user_date(text, today=TODAY)) == expected


@pytest.mark.parametrize("text", ["June", "1 June", "someday", "", "2023-02-30", "99999y"])
def test_user_dates_never_fill_in_from_today(text: str) -> None:
    with pytest.raises(DateError):
        parse_user_date(text, today=TODAY)
