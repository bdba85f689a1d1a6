"""The arithmetic of the goals, on plain numbers: no database here.

- ``evenness``: 1 − total variation distance between the visits' distribution over age band ×
  gender and a target distribution, and the groups under half their target share.
- ``change``: the difference between two values, and whether it is for the better.
- ``status_of``: on track / at risk / off track, by the rule the dashboard states
  (templates/goals/_status_rule.html words the same rule for readers).
- ``suppress_table``: public tables hide every cell under 5 people, and one more cell where a
  total would otherwise give a hidden cell away.
"""

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from goals.models.choices import Direction, Status

# Genders the target splits visits evenly between; "other or not stated" is shown but not scored.
TARGET_GENDERS = ("f", "m")
UNDER_REACHED_FACTOR = 0.5
SMALL_CELL = 5
# Year-over-year rule: a change within this share counts as unchanged.
STEADY_SHARE = 0.05
# A "towards a target" indicator has reached its target within this share of it.
TARGET_TOLERANCE = 0.05

Cell = tuple[str, str]


# Evenness (goal #1) --------------------------------------------------------------------------


def target_distribution(bands: list[str], band_percent: Mapping[str, Decimal | float] | None = None) -> dict:
    """(band, gender) -> target share. Bands equal unless ``band_percent`` gives their shares in per cent;
    within a band, an equal split between girls/women and boys/men."""
    if band_percent:
        total = float(sum(float(band_percent.get(band, 0)) for band in bands))
        band_share = {band: (float(band_percent.get(band, 0)) / total if total else 0.0) for band in bands}
    else:
        band_share = {band: 1 / len(bands) for band in bands} if bands else {}
    return {(band, gender): band_share[band] / len(TARGET_GENDERS) for band in bands for gender in TARGET_GENDERS}


def total_variation_distance(p: Mapping, q: Mapping) -> float:
    """½ Σ |p(x) − q(x)| over the cells of both: 0 when equal, 1 when they do not overlap."""
    cells = set(p) | set(q)
    return 0.5 * sum(abs(float(p.get(cell, 0)) - float(q.get(cell, 0))) for cell in cells)


@dataclass
class GroupShare:
    band: str
    gender: str
    visits: int
    share: float
    target: float

    @property
    def under_reached(self) -> bool:
        return self.target > 0 and self.share < self.target * UNDER_REACHED_FACTOR


@dataclass
class Evenness:
    score: float
    scored_visits: int
    unscored_visits: int
    groups: list[GroupShare] = field(default_factory=list)

    @property
    def under_reached(self) -> list[GroupShare]:
        return [group for group in self.groups if group.under_reached]


def evenness(visits: Mapping[Cell, int] | None, target: Mapping[Cell, float]) -> Evenness | None:
    """The evenness score of ``visits`` against ``target``; None when no scored visit was counted.

    Visits outside the target's cells (gender "other or not stated", or an age band no longer
    configured) are left out of the score and reported as unscored.
    """
    if not visits or not target:
        return None
    scored = {cell: int(visits.get(cell, 0) or 0) for cell in target}
    total = sum(scored.values())
    unscored = sum(int(n or 0) for cell, n in visits.items() if cell not in target)
    if total <= 0:
        return None
    shares = {cell: n / total for cell, n in scored.items()}
    score = 1 - total_variation_distance(shares, target)
    groups = [GroupShare(band, gender, scored[(band, gender)], shares[(band, gender)], target[(band, gender)])
              for band, gender in target]  # fmt: skip
    return Evenness(score=round(score, 6), scored_visits=total, unscored_visits=unscored, groups=groups)


# Changes and status ---------------------------------------------------------------------------


def _float(value) -> float | None:
    return None if value is None else float(value)


@dataclass
class Change:
    current: float
    previous: float
    direction: str  # the indicator's direction

    @property
    def difference(self) -> float:
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Relative change in per cent; None when the earlier value is 0."""
        if self.previous == 0:
            return None
        return 100 * self.difference / abs(self.previous)

    @property
    def movement(self) -> str:
        if abs(self.difference) < 1e-9:
            return "same"
        return "up" if self.difference > 0 else "down"

    @property
    def is_better(self) -> bool | None:
        if self.movement == "same":
            return None
        if self.direction == Direction.DECREASE:
            return self.difference < 0
        if self.direction == Direction.TARGET:
            return None  # depends on the target: see status_of
        return self.difference > 0


def change(current, previous, direction: str = Direction.INCREASE) -> Change | None:
    if current is None or previous is None:
        return None
    return Change(float(current), float(previous), direction)


def target_reached(value: float, target: float, direction: str) -> bool:
    if direction == Direction.DECREASE:
        return value <= target
    if direction == Direction.TARGET:
        return abs(value - target) <= TARGET_TOLERANCE * max(abs(target), 1e-9)
    return value >= target


def status_of(
    *,
    value,
    direction: str,
    as_of: dt.date,
    baseline=None,
    baseline_date: dt.date | None = None,
    target=None,
    deadline: dt.date | None = None,
    comparison=None,
) -> str | None:
    """On track, at risk or off track, or None when there is nothing to judge by.

    ``as_of`` is the last day of the period looked at; ``comparison`` is the value the fallback
    rule compares with (the same period a year earlier, or the previous value entered by hand).
    """
    value, baseline, target, comparison = map(_float, (value, baseline, target, comparison))
    if value is None:
        return None
    if target is not None:
        if target_reached(value, target, direction):
            return Status.ON_TRACK
        if deadline is not None and as_of >= deadline:
            return Status.OFF_TRACK
        if baseline is not None and baseline_date is not None and deadline is not None and deadline > baseline_date:
            elapsed = (as_of - baseline_date).days / (deadline - baseline_date).days
            elapsed = min(max(elapsed, 0.0), 1.0)
            expected = baseline + (target - baseline) * elapsed
            distance = abs(target - value)
            if distance <= abs(target - expected) + 1e-9:
                return Status.ON_TRACK
            if distance < abs(target - baseline):
                return Status.AT_RISK
            return Status.OFF_TRACK
    if comparison is None:
        return None
    if direction == Direction.TARGET:
        if target is None:
            return None
        now_off, then_off = abs(target - value), abs(target - comparison)
        return _steady_rule(then_off - now_off, then_off)
    signed = value - comparison if direction != Direction.DECREASE else comparison - value
    return _steady_rule(signed, comparison)


def _steady_rule(improvement: float, reference: float) -> str:
    """Better by more than 5 % of the earlier value: on track; within ±5 %: at risk; worse: off track."""
    margin = STEADY_SHARE * abs(reference)
    if abs(improvement) <= margin + 1e-12:
        return Status.AT_RISK
    return Status.ON_TRACK if improvement > 0 else Status.OFF_TRACK


def list_status(*, level: int | None, as_of: dt.date, deadline: dt.date | None, baseline=None) -> str | None:
    """Goal #2: off the list is on track; listed before the deadline is at risk; listed after it,
    or listed higher than at the baseline, is off track."""
    if level is None:
        return None
    if level == 0:
        return Status.ON_TRACK
    if baseline is not None and level > float(baseline):
        return Status.OFF_TRACK
    if deadline is not None and as_of >= deadline:
        return Status.OFF_TRACK
    return Status.AT_RISK


STATUS_ORDER = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]


def worst(statuses: Iterable[str | None]) -> str | None:
    known = [status for status in statuses if status]
    return max(known, key=STATUS_ORDER.index) if known else None


# Medians ----------------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


# Small-cell suppression ------------------------------------------------------------------------


def is_small(value) -> bool:
    return value is not None and value < SMALL_CELL


def suppress_table(rows: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int | None]]:
    """Hide (None) every cell under 5, then, while a row or column has exactly one hidden cell,
    hide its smallest visible cell too, so the row and column totals cannot reveal a hidden one."""
    table = {row: dict(cells) for row, cells in rows.items()}
    hidden = {(row, col) for row, cells in table.items() for col, value in cells.items() if is_small(value)}

    def lines():
        for row, cells in table.items():
            yield [(row, col) for col in cells]
        columns = {col for cells in table.values() for col in cells}
        for col in sorted(columns):
            yield [(row, col) for row in table if col in table[row]]

    changed = True
    while changed:
        changed = False
        for line in lines():
            inside = [cell for cell in line if cell in hidden]
            if len(inside) == 1:
                visible = [cell for cell in line if cell not in hidden]
                if visible:
                    smallest = min(visible, key=lambda cell: table[cell[0]][cell[1]])
                    hidden.add(smallest)
                    changed = True
    return {row: {col: (None if (row, col) in hidden else value) for col, value in cells.items()}
            for row, cells in table.items()}  # fmt: skip


def suppress(value):
    """A single public count: None when under 5."""
    return None if is_small(value) else value
