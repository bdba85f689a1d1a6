"""Periods the goals are followed up by: years, quarters, months and single dates.

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
    def day(cls, day: dt.date) -> "Period":
        return cls(day, day, PeriodKind.DAY)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> "Period":
        if kind == PeriodKind.YEAR:
            return cls.year(day.year)
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
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{self.number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def number(self) -> int:
        """The quarter's number (1-4), the month's (1-12), else the year."""
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
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.start.year}
        if self.kind == PeriodKind.MONTH:
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT").capitalize()
        return formats.date_format(self.start, "DATE_FORMAT")

    @property
    def short_label(self) -> str:
        """For chart axes, on two lines: "Q3" and "2025", "Jul" and "2025"."""
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
        months = 3 if self.kind == PeriodKind.QUARTER else 1
        index = self.start.year * 12 + self.start.month - 1 + steps * months
        year, month = divmod(index, 12)
        if self.kind == PeriodKind.QUARTER:
            return Period.quarter(year, month // 3 + 1)
        return Period.month(year, month + 1)

    def previous(self) -> "Period":
        return self.shift(-1)

    def year_before(self) -> "Period":
        """The same period a year earlier."""
        if self.kind == PeriodKind.DAY:
            try:
                return Period.day(self.start.replace(year=self.start.year - 1))
            except ValueError:  # 29 February
                return Period.day(self.start.replace(year=self.start.year - 1, day=28))
        steps = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[self.kind]
        return self.shift(-steps)

    def steps_per_year(self) -> int:
        return {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}.get(self.kind, 365)

    def series(self, count: int) -> list["Period"]:
        """``count`` periods of this kind ending with this one, oldest first."""
        return [self.shift(-steps) for steps in range(count - 1, -1, -1)]

    def within(self, kind: str) -> list["Period"]:
        """The periods of ``kind`` inside this one (the quarters of a year, the months of a quarter)."""
        first = Period.containing(self.start, kind)
        result = []
        current = first
        while current.start <= self.end:
            result.append(current)
            current = current.shift(1)
        return result

    def is_complete(self, today: dt.date) -> bool:
        return self.end < today


def current_quarter(today: dt.date) -> Period:
    return Period.containing(today, PeriodKind.QUARTER)


def last_complete_quarter(today: dt.date) -> Period:
    """The latest quarter that has ended: what a quarterly review looks at by default."""
    return current_quarter(today).previous()
