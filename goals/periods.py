"""Periods the goals are followed up by: years, half-years, quarters, months, single dates and
free ranges of dates (the dashboard's period picker).

A period has a code that is also how people type it: ``2025``, ``2025-Q3``, ``2025-07`` or
``2025-07-14``. ``Period.parse`` reads those (and a few common variants such as ``Q3 2025`` or
``2025 kv 3``) and raises ``PeriodError`` with a message for anything else.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models.choices import PeriodKind

MIN_YEAR = 2000
MAX_YEAR = 2100
PERIOD_HELP = gettext_lazy("Write a year (2025), a quarter (2025-Q3), a month (2025-07) or a date (2025-07-14).")

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:q|k|kv|kvartal)\s*\.?\s*([1-4])$")
_QUARTER_FIRST = re.compile(r"^(?:q|k|kv|kvartal)\s*\.?\s*([1-4])\s*[-/ ]?\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HALF = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:h|hy|halvår|halvar)\s*\.?\s*([12])$")

# Kinds the picker offers besides the stored ones (``PeriodKind``): measurements are never entered
# for them, so they are not model choices.
HALF_YEAR = "half_year"
RANGE = "range"
KINDS_PER_YEAR = {PeriodKind.YEAR: 1, HALF_YEAR: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}


class PeriodError(ValueError):
    """The text is not a period; the message says what to write instead."""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, included
    kind: str

    # Constructors --------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 2), PeriodKind.QUARTER)

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(dt.date(year, month, 1), _month_end(year, month), PeriodKind.MONTH)

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        first = 6 * (half - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 5), HALF_YEAR)

    @classmethod
    def day(cls, day: dt.date) -> "Period":
        return cls(day, day, PeriodKind.DAY)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> "Period":
        """A free range of dates, both included."""
        if end < start:
            raise PeriodError(_("The end date is before the start date."))
        for day in (start, end):
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                raise PeriodError(_("Choose dates from %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR})
        return cls(start, end, RANGE)

    @classmethod
    def parse_choice(cls, text) -> "Period":
        """What the period picker sends: a period code (``Period.parse``) or a half-year (2025-H1)."""
        raw = " ".join(str(text or "").split()).lower()
        if match := _HALF.match(raw):
            year = int(match[1])
            if not MIN_YEAR <= year <= MAX_YEAR:
                limits = {"first": MIN_YEAR, "last": MAX_YEAR}
                raise PeriodError(_("Choose a period from %(first)s to %(last)s.") % limits)
            return cls.half(year, int(match[2]))
        return cls.parse(text)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> "Period":
        if kind == PeriodKind.YEAR:
            return cls.year(day.year)
        if kind == HALF_YEAR:
            return cls.half(day.year, 1 if day.month <= 6 else 2)
        if kind == PeriodKind.QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        return cls.day(day)

    @classmethod
    def parse(cls, text) -> "Period":
        raw = " ".join(str(text or "").split()).lower()
        if not raw:
            raise PeriodError(str(PERIOD_HELP))
        try:
            if match := _YEAR.match(raw):
                period = cls.year(int(match[1]))
            elif match := _QUARTER.match(raw):
                period = cls.quarter(int(match[1]), int(match[2]))
            elif match := _QUARTER_FIRST.match(raw):
                period = cls.quarter(int(match[2]), int(match[1]))
            elif match := _MONTH.match(raw):
                period = cls.month(int(match[1]), int(match[2]))
            elif match := _DAY.match(raw):
                period = cls.day(dt.date(int(match[1]), int(match[2]), int(match[3])))
            else:
                raise PeriodError(
                    _("“%(text)s” is not a period we know. %(help)s") % {"text": str(text)[:40], "help": PERIOD_HELP}
                )
        except (ValueError, OverflowError) as error:
            if isinstance(error, PeriodError):
                raise
            raise PeriodError(
                _("“%(text)s” is not a real date or month. %(help)s") % {"text": str(text)[:40], "help": PERIOD_HELP}
            ) from None
        if not MIN_YEAR <= period.start.year <= MAX_YEAR:
            raise PeriodError(_("Choose a period from %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR})
        return period

    # What it is -----------------------------------------------------------------------------

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == HALF_YEAR:
            return f"{self.start.year}-H{self.number}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{self.number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == RANGE:
            return f"{self.start.isoformat()}_{self.end.isoformat()}"
        return self.start.isoformat()

    @property
    def number(self) -> int:
        """The half-year's number (1-2), the quarter's (1-4), the month's (1-12), else the year."""
        if self.kind == HALF_YEAR:
            return 1 if self.start.month <= 6 else 2
        if self.kind == PeriodKind.QUARTER:
            return (self.start.month - 1) // 3 + 1
        if self.kind == PeriodKind.MONTH:
            return self.start.month
        return self.start.year

    @property
    def label(self) -> str:
        """How people read it in the page's language: 2025, Q3 2025, July 2025, 14 July 2025."""
        if self.kind == PeriodKind.YEAR:
            return self.code
        if self.kind == HALF_YEAR:
            return _("H%(half)s %(year)s") % {"half": self.number, "year": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.start.year}
        if self.kind == PeriodKind.MONTH:
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT").capitalize()
        if self.kind == RANGE:
            return f"{formats.date_format(self.start, 'DATE_FORMAT')} – {formats.date_format(self.end, 'DATE_FORMAT')}"
        return formats.date_format(self.start, "DATE_FORMAT")

    @property
    def short_label(self) -> str:
        """For chart axes, on two lines: "Q3" and "2025", "Jul" and "2025"."""
        if self.kind == HALF_YEAR:
            half = _("H%(half)s") % {"half": self.number}
            return f"{half}\n{self.start.year}"
        if self.kind == RANGE:
            return f"{self.start.isoformat()}\n{self.end.isoformat()}"
        if self.kind == PeriodKind.QUARTER:
            quarter = _("Q%(quarter)s") % {"quarter": self.number}
            return f"{quarter}\n{self.start.year}"
        if self.kind == PeriodKind.MONTH:
            return f"{formats.date_format(self.start, 'MONTH_ABBREVIATION_FORMAT')}\n{self.start.year}"
        return self.label

    def __str__(self):
        return self.code

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    # Neighbours -----------------------------------------------------------------------------

    def shift(self, steps: int) -> "Period":
        """The period ``steps`` periods later (earlier when negative), of the same kind."""
        if self.kind == PeriodKind.YEAR:
            return Period.year(self.start.year + steps)
        if self.kind == PeriodKind.DAY:
            return Period.day(self.start + dt.timedelta(days=steps))
        if self.kind == RANGE:
            length = (self.end - self.start).days + 1
            moved = dt.timedelta(days=steps * length)
            return Period(self.start + moved, self.end + moved, RANGE)
        months = 12 // KINDS_PER_YEAR[self.kind]
        index = self.start.year * 12 + self.start.month - 1 + steps * months
        year, month = divmod(index, 12)
        if self.kind == HALF_YEAR:
            return Period.half(year, month // 6 + 1)
        if self.kind == PeriodKind.QUARTER:
            return Period.quarter(year, month // 3 + 1)
        return Period.month(year, month + 1)

    def previous(self) -> "Period":
        return self.shift(-1)

    def year_before(self) -> "Period":
        """The same period a year earlier (the same dates, 29 February as the 28th)."""
        if self.kind == PeriodKind.DAY:
            return Period.day(_year_earlier(self.start))
        if self.kind == RANGE:
            return Period(_year_earlier(self.start), _year_earlier(self.end), RANGE)
        return self.shift(-KINDS_PER_YEAR[self.kind])

    def steps_per_year(self) -> int | None:
        """How many periods of this kind make a year; None for a free range (it has no fixed step)."""
        if self.kind == RANGE:
            return None
        return KINDS_PER_YEAR.get(self.kind, 365)

    def series(self, count: int) -> list["Period"]:
        """``count`` periods of this kind ending with this one, oldest first."""
        return [self.shift(-steps) for steps in range(count - 1, -1, -1)]

    def within(self, kind: str) -> list["Period"]:
        """The periods of ``kind`` that overlap this one (the quarters of a year, the months of a quarter)."""
        first = Period.containing(self.start, kind)
        result = []
        current = first
        while current.start <= self.end:
            result.append(current)
            current = current.shift(1)
        return result

    def pieces(self, kind: str) -> list["Period"]:
        """This period cut by ``kind``: like ``within``, with the first and last cut to this
        period's dates when they stick out (a free range from 10 March gives 10-31 March first)."""
        result = []
        for part in self.within(kind):
            if part.start < self.start or part.end > self.end:
                part = Period(max(part.start, self.start), min(part.end, self.end), RANGE)
            result.append(part)
        return result

    @property
    def is_whole_months(self) -> bool:
        return self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month)

    def is_complete(self, today: dt.date) -> bool:
        return self.end < today


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def last_full_year(today: dt.date) -> Period:
    """The latest calendar year that has ended: what the dashboard shows by default (a whole
    year of data, comparable with the year before)."""
    return Period.year(today.year - 1)


def current_quarter(today: dt.date) -> Period:
    return Period.containing(today, PeriodKind.QUARTER)


def last_complete_quarter(today: dt.date) -> Period:
    """The latest quarter that has ended: what a quarterly review looks at by default."""
    return current_quarter(today).previous()
