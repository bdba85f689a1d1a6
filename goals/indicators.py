"""The named computations of computed indicators, over one set of periods and filters.

``DataSet`` runs each family of queries (head counts, dates held, deficiencies, police list)
at most once, lazily, for all the indicators that need it: a dashboard of any number of
indicators costs a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from activities.models import Activity, Organisation, Venue, age_bands
from goals import computations, queries, rollup, selectors
from goals.computations import Evenness
from goals.models import Computation
from goals.periods import Period

# Computations the house and organisation filters apply to; the others are area-wide.
FILTERABLE = {
    Computation.EVENNESS,
    Computation.UNDER_REACHED,
    Computation.OCCURRENCES_HELD,
    Computation.VISITS,
    Computation.POPULAR_EDUCATION,
    Computation.STUDY_HOURS,
}


@dataclass(frozen=True)
class Filters:
    venue: Venue | None = None
    organisation: Organisation | None = None
    activity: Activity | None = None

    @property
    def active(self) -> bool:
        return self.venue is not None or self.organisation is not None or self.activity is not None

    @property
    def key(self) -> str:
        return ":".join(str(item.pk) if item else "" for item in (self.venue, self.organisation, self.activity))

    @property
    def names(self) -> list[str]:
        """What the figures are limited to, in words: the house, the organisation, the activity."""
        return [str(item) for item in (self.venue, self.organisation, self.activity) if item is not None]

    @property
    def scope(self) -> dict:
        """The keyword arguments of the queries' filters."""
        return {"venue": self.venue, "organisation": self.organisation, "activity": self.activity}


class DataSet:
    def __init__(
        self,
        periods: list[Period],
        *,
        filters: Filters | None = None,
        reference: selectors.Reference | None = None,
        now: dt.datetime | None = None,
    ):
        self.periods = periods
        self.filters = filters or Filters()
        self._reference = reference
        self.now = now or timezone.now()

    @cached_property
    def reference(self) -> selectors.Reference:
        return self._reference if self._reference is not None else selectors.active_reference()

    @cached_property
    def bands(self) -> list:
        return age_bands()

    @cached_property
    def target(self) -> dict:
        return computations.target_distribution([band.code for band in self.bands], self.reference.band_percent)

    @cached_property
    def visits(self) -> dict:
        """Visits by (band, gender) per period: from the roll-up unless filtered by house,
        organisation or activity."""
        if not self.filters.active:
            return rollup.visits_by_cell(self.periods)
        return queries.visits_by_cell(self.periods, **self.filters.scope, now=self.now)

    @cached_property
    def occurrences(self) -> dict:
        return queries.occurrence_figures(self.periods, now=self.now, **self.filters.scope)

    @cached_property
    def fixed(self) -> dict:
        return queries.deficiencies_fixed(self.periods)

    @cached_property
    def days_to_fix(self) -> dict:
        return queries.median_days_to_fix(self.periods)

    @cached_property
    def first_deficiency(self) -> dt.date | None:
        return queries.first_deficiency_day()

    @cached_property
    def police(self) -> list:
        return list(selectors.police_entries())

    @cached_property
    def _evenness(self) -> dict[int, Evenness | None]:
        return {index: computations.evenness(self.visits.get(index), self.target) for index in range(len(self.periods))}

    def evenness(self, index: int) -> Evenness | None:
        return self._evenness[index]

    def police_entry(self, period: Period):
        """The latest list published in or before the period's year."""
        known = [entry for entry in self.police if entry.year <= period.end.year]
        return known[-1] if known else None

    def value(self, computation: str, index: int) -> float | None:
        """The indicator's value for ``self.periods[index]``; None means no data yet (never a made-up 0)."""
        period = self.periods[index]
        if computation == Computation.EVENNESS:
            result = self.evenness(index)
            return None if result is None else result.score
        if computation == Computation.UNDER_REACHED:
            result = self.evenness(index)
            return None if result is None else len(result.under_reached)
        if computation == Computation.VISITS:
            cells = self.visits.get(index)
            return None if cells is None else sum(cells.values())
        if computation in (Computation.OCCURRENCES_HELD, Computation.POPULAR_EDUCATION, Computation.STUDY_HOURS):
            row = self.occurrences.get(index)
            if row is None:
                return None
            key = {
                Computation.OCCURRENCES_HELD: "held",
                Computation.POPULAR_EDUCATION: "popular",
                Computation.STUDY_HOURS: "study_hours",
            }[computation]
            return row[key]
        if computation == Computation.DEFICIENCIES_FIXED:
            if self.first_deficiency is None or self.first_deficiency > period.end:
                return None
            return self.fixed.get(index, 0)
        if computation == Computation.DAYS_TO_FIX:
            return self.days_to_fix.get(index)
        if computation == Computation.POLICE_LIST:
            entry = self.police_entry(period)
            return None if entry is None else entry.level
        raise ValueError(f"unknown computation {computation!r}")

    def values(self, computation: str) -> list[float | None]:
        return [self.value(computation, index) for index in range(len(self.periods))]
