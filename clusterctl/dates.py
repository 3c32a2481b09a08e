"""Partial dates (``2005``, ``2005-07``, ``2005-07-27``) and ranges (``2023-07-04/2023-07-09``).

A partial date is an interval: ``2023-06`` covers the whole of June 2023. Every value keeps the
precision it was written with and displays at that precision, never more.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from enum import IntEnum

from clusterctl.errors import DateError
from clusterctl.lazyclass import dataclass

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# ASCII digits only: \d alone also takes full-width and other scripts' digits (２０２３), which
# the JSON Schema's pattern and every other reader of the catalog refuse.
_PARTIAL_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
ACCEPTED_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or a range START/END (e.g. 2023-07-04/2023-07-09)"


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` of ``year`` has (the Gregorian calendar, as ``datetime``)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class Precision(IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range 1-9999")
        if self.month is None:
            if self.day is not None:
                raise DateError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        if self.day is not None:
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise DateError(
                    f"{_MONTHS[self.month - 1]} {self.year} has no day {self.day} "
                    f"(it has {last} days)"
                )

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def earliest(self) -> date:
        """The first day this partial date covers."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day this partial date covers."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, days_in_month(self.year, self.month))
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Human form at the value's own precision: ``2005``, ``Jul 2005``, ``27 Jul 2005``."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive span between two partial dates, e.g. a six-day visit."""

    start: PartialDate
    end: PartialDate

    def __post_init__(self) -> None:
        if self.end.latest < self.start.earliest:
            raise DateError(f"range ends ({self.end}) before it starts ({self.start})")

    @property
    def precision(self) -> Precision:
        return min(self.start.precision, self.end.precision)

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return self.end.latest

    def __str__(self) -> str:
        return f"{self.start}/{self.end}"

    def display(self) -> str:
        """``4–9 Jul 2023``, ``28 Jun – 2 Jul 2023``, ``2019–2021``, ``Mar–May 2020``."""
        s, e = self.start, self.end
        if s.precision is e.precision and s.year == e.year:
            if s.precision is Precision.DAY and s.month == e.month:
                return f"{s.day}–{e.display()}"
            if s.precision is Precision.DAY:
                return f"{s.day} {_MONTHS[(s.month or 1) - 1]} – {e.display()}"
            if s.precision is Precision.MONTH:
                return f"{_MONTHS[(s.month or 1) - 1]}–{e.display()}"
        if s.precision is Precision.YEAR and e.precision is Precision.YEAR:
            return f"{s.year}–{e.year}"
        return f"{s.display()} – {e.display()}"


When = PartialDate | DateRange


def parse_partial(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise DateError otherwise."""
    match = _PARTIAL_RE.fullmatch(text.strip())
    if not match:
        raise DateError(f"{text!r} is not a date; expected {ACCEPTED_FORMS}")
    year, month, day = match.groups()
    return PartialDate(int(year), int(month) if month else None, int(day) if day else None)


@functools.lru_cache(maxsize=65536)
def parse_when(text: str) -> When:
    """Parse a catalog date: a partial date or a ``START/END`` range of two.

    Memoised: catalogs repeat dates, and the values are immutable, so every occurrence of a
    date may share one object.
    """
    if "/" in text:
        left, _, right = text.partition("/")
        return DateRange(parse_partial(left), parse_partial(right))
    return parse_partial(text)


def overlaps(when: When, since: date | None, until: date | None) -> bool:
    """True when any day of ``when`` falls inside ``[since, until]`` (open ends allowed)."""
    if since is not None and when.latest < since:
        return False
    return not (until is not None and when.earliest > until)


def bounds(when: When | None) -> tuple[str | None, str | None]:
    """The first and last day ``when`` covers as ISO dates (``2023-06`` gives ``2023-06-01``
    and ``2023-06-30``), for tools that want a real date column; (None, None) for no date."""
    if when is None:
        return None, None
    return when.earliest.isoformat(), when.latest.isoformat()


def sort_key(when: When | None) -> tuple[date, date]:
    """Chronological order: by first day covered, then by last (``2005`` before ``2005-03``)."""
    if when is None:
        return (date.max, date.max)
    return (when.earliest, when.latest)


# --- dates typed on the command line -------------------------------------------------------

_RELATIVE_RE = re.compile(r"(\d+)\s*([ymwd])", re.IGNORECASE | re.ASCII)
USER_FORMS = (
    "2020, 2023-06, 2023-06-01, June 2023, 1 Jun 2023, 2023/06/01, today, "
    "or an age such as 5y, 18m, 6w, 10d"
)


def parse_user_date(text: str, today: date | None = None) -> PartialDate:
    """Parse a forgiving command-line date, keeping the precision the user typed.

    Nothing is filled in from today's date: ``June`` alone is an error, ``June 2023`` is the
    month, ``2023`` the whole year. Relative ages (``5y``, ``18m``) count back from today.
    """
    raw = text.strip()
    if not raw:
        raise DateError(f"empty date; expected {USER_FORMS}")
    today = today or date.today()
    lowered = raw.lower()
    if lowered == "today":
        return PartialDate(today.year, today.month, today.day)
    relative = _RELATIVE_RE.fullmatch(lowered)
    if relative:
        return _relative(int(relative.group(1)), relative.group(2), today)
    try:
        return parse_partial(raw.replace("/", "-") if re.fullmatch(r"[0-9/]+", raw) else raw)
    except DateError:
        pass
    return _parse_with_dateutil(raw)


def _relative(amount: int, unit: str, today: date) -> PartialDate:
    from datetime import timedelta

    try:
        if unit in "ym":
            months = amount * 12 if unit == "y" else amount
            index = today.year * 12 + (today.month - 1) - months
            year, month = divmod(index, 12)
            day = min(today.day, days_in_month(year, month + 1))
            return PartialDate(year, month + 1, day)
        days = amount * 7 if unit == "w" else amount
        past = today - timedelta(days=days)
    except (ValueError, OverflowError, DateError):
        raise DateError(f"{amount}{unit} reaches before year 1") from None
    return PartialDate(past.year, past.month, past.day)


def _parse_with_dateutil(raw: str) -> PartialDate:
    from datetime import datetime

    from dateutil import parser

    # Parsing against two different defaults reveals which parts the user actually typed.
    first, second = datetime(1904, 1, 1), datetime(1908, 2, 2)
    try:
        a = parser.parse(raw, default=first)
        b = parser.parse(raw, default=second)
    except (ValueError, OverflowError):
        raise DateError(f"{raw!r} is not a date; expected {USER_FORMS}") from None
    if a.year != b.year:
        raise DateError(f"{raw!r} has no year; expected {USER_FORMS}")
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day and month is not None else None
    if a.day == b.day and month is None:
        raise DateError(f"{raw!r} has a day but no month; expected {USER_FORMS}")
    return PartialDate(a.year, month, day)
