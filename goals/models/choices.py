"""The vocabulary of goals: indicator kinds, units, directions, computations, periods, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the portal's data")
    MANUAL = "manual", _("Entered by hand")


class Computation(models.TextChoices):
    """The fixed set of named computations a computed indicator may use (see goals/indicators.py)."""

    EVENNESS = "evenness", _("Evenness of visits by age and gender (1 − total variation distance)")
    UNDER_REACHED = "under_reached", _("Groups under half their target share of visits")
    POLICE_LIST = "police_list", _("Police list status per publication year")
    DEFICIENCIES_FIXED = "deficiencies_fixed", _("Deficiencies fixed (safety walks and reports)")
    DAYS_TO_FIX = "days_to_fix", _("Median days from found to fixed")
    OCCURRENCES_HELD = "occurrences_held", _("Activity dates held (not cancelled)")
    VISITS = "visits", _("Visits counted")
    POPULAR_EDUCATION = "popular_education", _("Popular-education dates held")
    STUDY_HOURS = "study_hours", _("Study hours of study circles")


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("per cent")
    SCORE = "score", _("score from 0 to 1")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MEAN_1_5 = "mean_1_5", _("mean on a scale of 1 to 5")
    LIST_STATUS = "list_status", _("police list status")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    TARGET = "target", _("Towards a target value")
    EVEN = "even", _("Even (towards the target distribution)")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    DAY = "day", _("Date")


class ListStatus(models.TextChoices):
    """The police's categories of vulnerable areas, from least to most serious."""

    NOT_LISTED = "not_listed", _("Not on the list")
    VULNERABLE = "utsatt", _("Vulnerable area (utsatt område)")
    RISK = "risk", _("Risk area (riskområde)")
    ESPECIALLY_VULNERABLE = "sarskilt_utsatt", _("Especially vulnerable area (särskilt utsatt område)")

    @classmethod
    def level(cls, value) -> int:
        """0 = not listed ... 3 = especially vulnerable: what the timeline plots."""
        return [cls.NOT_LISTED, cls.VULNERABLE, cls.RISK, cls.ESPECIALLY_VULNERABLE].index(value)

    @classmethod
    def from_level(cls, level: int) -> "ListStatus":
        return [cls.NOT_LISTED, cls.VULNERABLE, cls.RISK, cls.ESPECIALLY_VULNERABLE][int(level)]


class Safety(models.TextChoices):
    """Brå's NTU question: how safe one feels going out alone late in the evening in one's own area."""

    VERY_SAFE = "very_safe", _("Very safe")
    FAIRLY_SAFE = "fairly_safe", _("Fairly safe")
    FAIRLY_UNSAFE = "fairly_unsafe", _("Fairly unsafe")
    VERY_UNSAFE = "very_unsafe", _("Very unsafe")
    DOES_NOT_GO_OUT = "not_out", _("I do not go out alone late in the evening")

    @classmethod
    def safe(cls) -> list[str]:
        return [cls.VERY_SAFE, cls.FAIRLY_SAFE]

    @classmethod
    def unsafe(cls) -> list[str]:
        return [cls.FAIRLY_UNSAFE, cls.VERY_UNSAFE]


class VisitFrequency(models.TextChoices):
    SEVERAL_A_WEEK = "several_a_week", _("Several times a week")
    WEEKLY = "weekly", _("About once a week")
    MONTHLY = "monthly", _("About once a month")
    SELDOM = "seldom", _("Less often")
    NEVER = "never", _("Never")


class Status(models.TextChoices):
    """How an indicator or goal is doing, by the rule stated on the dashboard (goals/computations.py)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
