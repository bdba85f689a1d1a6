"""Attendance: head counts per occurrence (no names), and study-circle participants with presences.

Head counts are stored one row per occurrence x age band x gender (``HeadCount``), with the
band's code on each row and the occurrence's local date copied onto it, so dashboards sum
millions of rows in the database without joins. ``OccurrenceAttendance`` is the per-occurrence
summary: leaders and first-time visitors, study hours of a study-circle session, the total, a
snapshot of every count, and the version number the tally page's optimistic check uses. Every
change to the counts goes through ``activities.attendance_services``, which writes the summary
with its history (django-simple-history): who, when and the full set of numbers.

Age bands are configurable with the setting ``KLOCKET_AGE_BANDS`` (see ``age_bands()``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models.events import Activity, Occurrence

MAX_COUNT = 10_000
MAX_STUDY_HOURS_PER_SESSION = 4
STUDY_HOUR_MINUTES = 45

# (code, youngest age, oldest age or None for "and older"). Codes are stored on every row.
DEFAULT_AGE_BANDS = [
    ("0-6", 0, 6),
    ("7-12", 7, 12),
    ("13-15", 13, 15),
    ("16-19", 16, 19),
    ("20-25", 20, 25),
    ("26-64", 26, 64),
    ("65+", 65, None),
]


@dataclass(frozen=True)
class AgeBand:
    code: str
    min_age: int
    max_age: int | None

    @property
    def label(self) -> str:
        """How people read it: 7–12 or 65+."""
        if self.max_age is None:
            return f"{self.min_age}+"
        return f"{self.min_age}–{self.max_age}"

    @property
    def is_child(self) -> bool:
        return self.max_age is not None and self.max_age <= 15

    @property
    def is_adult(self) -> bool:
        return self.min_age >= 20

    def contains(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)

    def __str__(self):
        return self.label


def age_bands() -> list[AgeBand]:
    """The configured age bands, youngest first: ``settings.KLOCKET_AGE_BANDS`` or the defaults.

    They must start at 0 and follow each other without gaps, the last one open-ended.
    """
    raw = getattr(settings, "KLOCKET_AGE_BANDS", DEFAULT_AGE_BANDS)
    bands = [AgeBand(str(code), int(low), None if high is None else int(high)) for code, low, high in raw]
    expected = 0
    for index, band in enumerate(bands):
        last = index == len(bands) - 1
        if (
            not band.code
            or len(band.code) > 8
            or band.min_age != expected
            or (band.max_age is None) != last
            or (band.max_age is not None and band.max_age < band.min_age)
        ):
            raise ImproperlyConfigured(
                "KLOCKET_AGE_BANDS must be (code of at most 8 characters, from age, to age) from 0 "
                "upwards without gaps, the last one (code, from age, None)."
            )
        expected = (band.max_age or 0) + 1
    if len({band.code for band in bands}) != len(bands):
        raise ImproperlyConfigured("KLOCKET_AGE_BANDS: each band needs its own code.")
    return bands


def band_for_age(age: int) -> AgeBand | None:
    for band in age_bands():
        if band.contains(age):
            return band
    return None


class Gender(models.TextChoices):
    """Gender in head counts and participant lists."""

    FEMALE = "f", _("Girl or woman")
    MALE = "m", _("Boy or man")
    OTHER = "x", _("Other or not stated")


class CountSource(models.TextChoices):
    TALLY = "tally", _("Counted on the tally page")
    PRESENCE = "presence", _("From the study circle's presence list")
    IMPORT = "import", _("Imported from a spreadsheet")
    GENERATED = "generated", _("Generated or demo data")


class OccurrenceAttendance(models.Model):
    """What was counted at one occurrence, besides the head counts by band and gender."""

    occurrence = models.OneToOneField(
        Occurrence,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="attendance",
        verbose_name=_("date"),
    )
    # The occurrence's local date, copied so monthly sums need no join.
    day = models.DateField(_("day"))
    total = models.PositiveIntegerField(_("visitors in all"), default=0)
    leaders = models.PositiveIntegerField(_("leaders and volunteers"), default=0)
    first_time = models.PositiveIntegerField(_("first-time visitors"), default=0)
    study_hours = models.PositiveSmallIntegerField(
        _("study hours"),
        null=True,
        blank=True,
        help_text=_("Study-circle sessions only: whole study hours of 45 minutes, at most 4."),
    )
    # Every count as {"<band>:<gender>": n}: the history of this row shows what changed.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    source = models.CharField(_("source"), max_length=16, choices=CountSource.choices, default=CountSource.TALLY)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance of a date")
        verbose_name_plural = _("attendance of dates")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__lte=MAX_COUNT * 100, leaders__lte=MAX_COUNT, first_time__lte=MAX_COUNT),
                name="attendance_counts_not_absurd",
            ),
            models.CheckConstraint(
                condition=Q(study_hours__isnull=True) | Q(study_hours__lte=MAX_STUDY_HOURS_PER_SESSION),
                name="attendance_study_hours_at_most_4",
            ),
        ]
        indexes = [
            # Goal #4: visits per month (sum of total grouped by month of day), index-only.
            models.Index(fields=["day", "total"], name="attendance_day_total_idx"),
        ]

    def __str__(self):
        return f"{self.occurrence_id}: {self.total}"


class HeadCount(models.Model):
    """Visitors of one occurrence in one age band and gender: no names."""

    occurrence = models.ForeignKey(
        # Served by the unique (occurrence, band, gender) index.
        Occurrence,
        on_delete=models.PROTECT,
        related_name="head_counts",
        verbose_name=_("date"),
        db_index=False,
    )
    day = models.DateField(_("day"))
    band = models.CharField(_("age band"), max_length=8)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("head count")
        verbose_name_plural = _("head counts")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "band", "gender"], name="headcount_one_per_cell"),
            models.CheckConstraint(
                condition=Q(count__gte=0, count__lte=MAX_COUNT),
                name="headcount_count_0_to_10000",
                violation_error_message=_("Enter a whole number from 0 to 10,000."),
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="headcount_gender_valid"),
        ]
        indexes = [
            # Goals #1 and #4: "sum(count) by month x band (x gender) for a period" scans this
            # index only (every column it reads is in it), on PostgreSQL and SQLite alike.
            models.Index(fields=["day", "band", "gender", "count"], name="headcount_day_band_idx"),
        ]

    def __str__(self):
        return f"{self.occurrence_id} {self.band} {self.gender}: {self.count}"


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    LEADER = "leader", _("Leader")


class ParticipantQuerySet(models.QuerySet):
    def named(self):
        return self.filter(anonymised_at__isnull=True)


class Participant(models.Model):
    """A person on a study circle's list. Never a personal identity number."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="participants", verbose_name=_("study circle")
    )
    name = models.CharField(_("name"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.OTHER)
    contact = models.CharField(
        _("contact"),
        max_length=150,
        blank=True,
        help_text=_("Optional: phone or e-mail, only if the leader needs it."),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    created = models.DateTimeField(_("added"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "activity",
                Lower("name"),
                "birth_year",
                condition=Q(anonymised_at__isnull=True),
                name="participant_once_per_circle",
                violation_error_message=_("This person is already on the list."),
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False)
                | Q(birth_year__isnull=False, birth_year__gte=1900, birth_year__lte=2100),
                name="participant_birth_year_plausible",
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="participant_gender_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_leader(self) -> bool:
        return self.role == ParticipantRole.LEADER

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def age_in(self, year: int) -> int | None:
        """The age the person turns in ``year`` (only the birth year is known)."""
        return None if self.birth_year is None else year - self.birth_year


class Presence(models.Model):
    """A participant was there at one session of the study circle."""

    participant = models.ForeignKey(
        # Both foreign keys are served by the two composite indexes below.
        Participant,
        on_delete=models.CASCADE,
        related_name="presences",
        verbose_name=_("participant"),
        db_index=False,
    )
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.PROTECT, related_name="presences", verbose_name=_("session"), db_index=False
    )
    created = models.DateTimeField(_("ticked"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["participant", "occurrence"], name="presence_once_per_session"),
        ]
        indexes = [
            # A session's presence list and its head counts: presences of one occurrence.
            models.Index(fields=["occurrence", "participant"], name="presence_occurrence_idx"),
        ]

    def __str__(self):
        return f"{self.participant_id} @ {self.occurrence_id}"
