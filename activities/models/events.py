"""Activities and their dated occurrences, schedules and programmes.

Which dates count (the one home of the rule; DESIGN.md "Rules that must have one home"): a date
**counts** -- may be tallied, and enters goals #1, #4 and #5, the reminders and the exports --
once it has started, when it is not itself cancelled and its activity is published and is not
an internal meeting. Cancelling a whole activity cancels its dates from that moment on
(``Activity.cancelled_at``): the dates held before stay held, with their counts. Drafts cannot
be tallied (publish first). ``Occurrence.countable_q()`` is the rule as a filter (with a prefix
for rows that reach the date through a relation, e.g. head counts), ``Occurrence.objects
.countable()`` as a queryset and ``Occurrence.counting_refusal()`` for one date.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltrans.fields import TranslationField
from simple_history.models import HistoricalRecords

from activities.models.places import Organisation, Venue
from klocket.files import RandomName, ServedByView
from klocket.images import image_help_text
from klocket.paths import int_path
from klocket.translated_history import TranslatedHistoricalRecords


class ActivityForm(models.TextChoices):
    """The form of an activity decides what attendance is kept and which goal it counts for."""

    STUDY_CIRCLE = "studiecirkel", _("Study circle")
    CULTURAL_PROGRAMME = "kulturprogram", _("Cultural programme")
    OTHER_POPULAR_EDUCATION = "annan_folkbildning", _("Other popular education")
    OPEN_ACTIVITY = "oppen", _("Open activity")
    LECTURE = "forelasning", _("Lecture or information meeting")
    WORKSHOP = "workshop", _("Workshop")
    SPORTS = "idrott", _("Sports")
    INTERNAL_MEETING = "internt_mote", _("Internal meeting")
    SAFETY_WALK = "trygghetsvandring", _("Safety walk")

    @classmethod
    def popular_education(cls) -> set[str]:
        """Folkbildning: counts for goal #5."""
        return {cls.STUDY_CIRCLE, cls.CULTURAL_PROGRAMME, cls.OTHER_POPULAR_EDUCATION}

    @classmethod
    def public_by_default(cls, value) -> bool:
        return value != cls.INTERNAL_MEETING


class Audience(models.Model):
    """Who an activity is for; several per activity. Rows are created by a migration."""

    class Code(models.TextChoices):
        CHILDREN = "children", _("Children")
        YOUTH = "youth", _("Youth 13–25")
        PARENTS = "parents", _("Parents")
        ADULTS = "adults", _("Adults")
        SENIORS = "seniors", _("Seniors")
        EVERYONE = "everyone", _("All ages")

    code = models.CharField(_("code"), max_length=16, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["position"]

    def __str__(self):
        return str(self.get_code_display())


class Language(models.Model):
    """A language spoken at activities, named in the language itself."""

    code = models.CharField(_("language code"), max_length=8, unique=True, help_text=_("ISO 639-1, e.g. sv, ar."))
    name = models.CharField(_("name in the language itself"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Activity.Status.PUBLISHED)

    def public(self):
        """What residents may see: published (or cancelled, shown as such), public, never an internal meeting."""
        return self.filter(status__in=Activity.LISTED_STATUSES, is_public=True).exclude(
            form=ActivityForm.INTERNAL_MEETING
        )


class Activity(models.Model):
    TRANSLATED_FIELDS = ("title", "summary", "description", "how_to_join", "accessibility")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses shown to residents: a cancelled activity stays listed, struck out, so that
    # calendars subscribed to the feed mark its dates cancelled instead of silently losing them.
    LISTED_STATUSES = ("published", "cancelled")

    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(
        _("short summary"), max_length=240, blank=True, help_text=_("One sentence shown in the calendar.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Plain text or Markdown: **bold**, lists with -, links [text](https://...)."),
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("main organiser"),
    )
    co_organisers = models.ManyToManyField(
        Organisation, related_name="co_organised_activities", blank=True, verbose_name=_("co-organisers")
    )
    form = models.CharField(
        _("form"),
        max_length=24,
        choices=ActivityForm.choices,
        default=ActivityForm.OPEN_ACTIVITY,
        help_text=_("Decides what attendance is kept and which goal the activity counts towards."),
    )
    audiences = models.ManyToManyField(Audience, blank=True, verbose_name=_("for whom"))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages spoken"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="activities", verbose_name=_("venue"))
    image = models.ImageField(
        _("image"),
        upload_to=RandomName("activities"),
        storage=ServedByView("activity-image"),
        blank=True,
        help_text=image_help_text(5 * 1024 * 1024),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    cost = models.CharField(
        _("cost"), max_length=100, blank=True, help_text=_("Leave empty when the activity is free.")
    )
    how_to_join = models.TextField(
        _("how to join"), blank=True, help_text=_("E.g. just come, or register by phone or e-mail.")
    )
    join_url = models.URLField(_("registration link"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown in the public calendar and feeds. Internal meetings are never public."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    cancelled_at = models.DateTimeField(
        _("cancelled at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the whole activity was cancelled: its dates from then on are off, earlier dates stay held."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # The texts in the site's other languages (klocket/content_languages.py); Swedish is in the columns.
    i18n = TranslationField(fields=TRANSLATED_FIELDS)
    history = TranslatedHistoricalRecords(m2m_fields=[co_organisers, audiences, languages])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="activity_image_needs_alt_text",
                violation_error_message=_("Describe the image for people who cannot see it."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Keep ``cancelled_at`` in step with the status: set when cancelled, cleared otherwise."""
        if self.status == self.Status.CANCELLED:
            if self.cancelled_at is None:
                self.cancelled_at = timezone.now()
        else:
            self.cancelled_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "cancelled_at"}
        super().save(*args, **kwargs)

    @property
    def is_popular_education(self) -> bool:
        return self.form in ActivityForm.popular_education()

    @property
    def is_visible_to_public(self) -> bool:
        return self.status in self.LISTED_STATUSES and self.is_public and self.form != ActivityForm.INTERNAL_MEETING

    @property
    def slug(self) -> str:
        return slugify(self.title)[:60] or "aktivitet"

    @property
    def title_with_form(self) -> str:
        """ "Study circle: Interior design", or the title alone when it already starts with the
        form's name ("Studiecirkel: inredning" is not prefixed again)."""
        form = str(self.get_form_display())
        if self.title.casefold().startswith(form.casefold()):
            return self.title
        return _("%(form)s: %(title)s") % {"form": form, "title": self.title}


class OccurrenceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(activity__in=Activity.objects.public())

    def upcoming(self, now=None):
        """Dates not yet over: a series' past dates never show as upcoming."""
        now = now or timezone.now()
        return self.filter(end__gt=now, start__gt=now - Occurrence.MAX_DURATION)

    def between(self, start, end):
        # The lower bound on start lets the (start, end) index bound its scan on both sides.
        return self.filter(start__lt=end, end__gt=start, start__gt=start - Occurrence.MAX_DURATION)

    def countable(self, now=None):
        """Dates that count (see the module docstring): started, not cancelled, published, not internal."""
        return self.filter(Occurrence.countable_q(now=now))

    def for_listing(self):
        return self.select_related("activity", "activity__venue", "activity__organiser", "venue").order_by(
            "start", "pk"
        )


class Occurrence(models.Model):
    """One dated instance of an activity: what residents see and attend."""

    # Longer events are entered as several dates; the calendar's window queries rely on it.
    MAX_DURATION = dt.timedelta(days=7)

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("activity")
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other venue"),
        help_text=_("Only when this date is somewhere else than the activity's usual venue."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Shown with this date only."))
    recurrence = models.ForeignKey(
        "Recurrence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("schedule"),
    )
    # The date the schedule gave this occurrence; moved dates keep it, so regenerating the
    # schedule recognises them and leaves them alone.
    scheduled_date = models.DateField(_("scheduled date"), null=True, blank=True, editable=False)
    is_detached = models.BooleanField(
        _("changed by hand"),
        default=False,
        help_text=_("Moved, cancelled or edited on its own: changes to the schedule leave it alone."),
    )
    # When this row last changed (the API's updated_since; the activity's own changes are in Activity.updated).
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="occurrence_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False) | ~Q(cancel_reason=""),
                name="occurrence_cancel_needs_reason",
                violation_error_message=_("Give a reason when cancelling a date."),
            ),
            models.UniqueConstraint(
                fields=["recurrence", "scheduled_date"],
                condition=Q(recurrence__isnull=False),
                name="occurrence_one_per_schedule_date",
            ),
        ]
        indexes = [
            # Calendar pages and feeds: dates in a time window, in order.
            models.Index(fields=["start", "end"], name="occurrence_start_end_idx"),
            # An activity's other dates and the schedule's regeneration.
            models.Index(fields=["activity", "start"], name="occurrence_activity_start_idx"),
            # The API's updated_since: dates changed after a partner's last sync.
            models.Index(fields=["updated"], name="occurrence_updated_idx"),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.activity.title} {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return int_path("occurrence-detail", pk=self.pk)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end - self.start > self.MAX_DURATION:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end": _("A date can last at most 7 days; enter a longer event as several dates.")})

    @property
    def place(self) -> Venue:
        return self.venue or self.activity.venue

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def is_cancelled(self) -> bool:
        """This date is off: cancelled on its own, or its whole activity was cancelled before it began."""
        return date_is_cancelled(self.cancelled, self.activity.status, self.start, self.activity.cancelled_at)

    @property
    def cancellation_reason(self) -> str:
        return cancellation_reason(self.cancelled, self.cancel_reason)

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @staticmethod
    def countable_q(prefix: str = "", *, now: dt.datetime | None = None) -> Q:
        """The counting rule as a filter on dates; ``prefix`` (e.g. ``"occurrence__"``) reaches them
        from rows that point at a date, such as head counts and attendance summaries."""
        now = now or timezone.now()
        held = Q(**{f"{prefix}start__lte": now, f"{prefix}cancelled": False}) & ~Q(
            **{f"{prefix}activity__form": ActivityForm.INTERNAL_MEETING}
        )
        published = Q(**{f"{prefix}activity__status": Activity.Status.PUBLISHED})
        held_before_cancelling = Q(
            **{
                f"{prefix}activity__status": Activity.Status.CANCELLED,
                f"{prefix}start__lt": F(f"{prefix}activity__cancelled_at"),
            }
        )
        return held & (published | held_before_cancelling)

    def counting_refusal(self, now: dt.datetime | None = None) -> str | None:
        """None when this date counts (the rule of ``countable_q``), else why not: ``internal_meeting``,
        ``draft``, ``cancelled`` or ``future``."""
        now = now or timezone.now()
        activity = self.activity
        if activity.form == ActivityForm.INTERNAL_MEETING:
            return "internal_meeting"
        if activity.status == Activity.Status.DRAFT:
            return "draft"
        if self.cancelled or (
            activity.status == Activity.Status.CANCELLED
            and (activity.cancelled_at is None or self.start >= activity.cancelled_at)
        ):
            return "cancelled"
        if self.start > now:
            return "future"
        return None


def date_is_cancelled(
    cancelled: bool, activity_status: str, start: dt.datetime, activity_cancelled_at: dt.datetime | None
) -> bool:
    """A date is off when cancelled on its own or when its whole activity was cancelled before the
    date began; dates held before the cancelling stay held (the rule of ``countable_q``)."""
    if cancelled:
        return True
    if activity_status != Activity.Status.CANCELLED:
        return False
    return activity_cancelled_at is None or start >= activity_cancelled_at


def cancellation_reason(cancelled: bool, cancel_reason: str) -> str:
    """What residents are told about a cancelled date (the date's own reason, else the activity's)."""
    return cancel_reason if cancelled else str(_("The whole activity is cancelled."))


class Recurrence(models.Model):
    """A schedule that generates an activity's occurrences (dateutil.rrule)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly on chosen weekdays (every N weeks)")
        MONTHLY_NTH = "monthly_nth", _("Monthly on the nth weekday (e.g. every 3rd Wednesday)")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, pgettext_lazy("weekday in a schedule", "Monday")
        TUESDAY = 1, pgettext_lazy("weekday in a schedule", "Tuesday")
        WEDNESDAY = 2, pgettext_lazy("weekday in a schedule", "Wednesday")
        THURSDAY = 3, pgettext_lazy("weekday in a schedule", "Thursday")
        FRIDAY = 4, pgettext_lazy("weekday in a schedule", "Friday")
        SATURDAY = 5, pgettext_lazy("weekday in a schedule", "Saturday")
        SUNDAY = 6, pgettext_lazy("weekday in a schedule", "Sunday")

    class Nth(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = -1, _("last")

    MAX_DATES = 1000

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recurrences", verbose_name=_("activity")
    )
    frequency = models.CharField(_("repeats"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekdays = models.CharField(
        _("weekdays"), max_length=20, help_text=_("Weekday numbers, Monday = 0, separated by commas.")
    )
    interval = models.PositiveSmallIntegerField(
        _("every N weeks"), default=1, help_text=_("1 = every week, 2 = every other week.")
    )
    nth = models.SmallIntegerField(_("which weekday of the month"), choices=Nth.choices, null=True, blank=True)
    start_date = models.DateField(_("first date"))
    end_date = models.DateField(_("last date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    skip_dates = models.TextField(
        _("skipped dates"),
        blank=True,
        help_text=_("Dates without the activity (holidays), one per line as YYYY-MM-DD."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="recurrence_end_date_not_before_start",
                violation_error_message=_("The last date cannot be before the first date."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="recurrence_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=Q(interval__gte=1, interval__lte=52),
                name="recurrence_interval_1_to_52",
                violation_error_message=_("Repeat every 1 to 52 weeks."),
            ),
        ]

    def __str__(self):
        return f"{self.activity.title}: {self.get_frequency_display()}"

    @property
    def weekday_numbers(self) -> list[int]:
        return sorted({int(part) for part in self.weekdays.split(",") if part.strip().isdigit()})

    @property
    def skipped(self) -> set[dt.date]:
        dates = set()
        for line in self.skip_dates.split():
            try:
                dates.add(dt.date.fromisoformat(line.strip()))
            except ValueError:
                continue
        return dates

    def dates(self) -> list[dt.date]:
        """The dates this schedule gives, skipped dates removed (at most MAX_DATES + 1)."""
        from dateutil import rrule

        days = [rrule.weekday(number) for number in self.weekday_numbers]
        if not days:
            return []
        start = dt.datetime.combine(self.start_date, dt.time())
        until = dt.datetime.combine(self.end_date, dt.time())
        if self.frequency == self.Frequency.MONTHLY_NTH:
            rule = rrule.rrule(rrule.MONTHLY, dtstart=start, until=until, byweekday=[d(self.nth or 1) for d in days])
        else:
            rule = rrule.rrule(rrule.WEEKLY, dtstart=start, until=until, interval=self.interval, byweekday=days)
        skipped = self.skipped
        result = []
        for moment in rule:
            if moment.date() in skipped:
                continue
            result.append(moment.date())
            if len(result) > self.MAX_DATES:
                break
        return result

    def times_on(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """Aware start and end on a day: the wall-clock time holds across DST changes."""
        zone = timezone.get_default_timezone()
        start = timezone.make_aware(dt.datetime.combine(day, self.start_time), zone)
        end = timezone.make_aware(dt.datetime.combine(day, self.end_time), zone)
        return start, end


class ProgrammeItem(models.Model):
    """One part of a multi-part event's programme, such as a talk at the Inspiration day."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="programme", verbose_name=_("date")
    )
    start = models.TimeField(_("starts at"))
    end = models.TimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(
        _("speaker or role"),
        max_length=150,
        blank=True,
        help_text=_("A role or an organisation, e.g. 'project leader'. Name people only with their consent."),
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="programme_item_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self):
        return f"{self.start:%H:%M} {self.title}"
