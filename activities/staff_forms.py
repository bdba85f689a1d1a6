"""Forms of the staff pages: an activity with its schedule on one page, moving and cancelling a date.

The admin reuses the rules that hold for every way of editing an activity
(``ActivityRulesMixin``) and the weekday checkboxes of a schedule (``WeekdaysField``).
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities import services
from activities.models import Activity, ActivityForm, Occurrence, Organisation, Recurrence, Venue
from klocket import permissions
from klocket.images import ProcessedImageField
from klocket.translation_forms import TranslatedFieldsMixin

ACTIVITY_IMAGE_MAX_BYTES = getattr(settings, "ACTIVITY_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
ACTIVITY_IMAGE_MAX_SIDE = 1600

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def activity_image_field() -> ProcessedImageField:
    model_field = Activity._meta.get_field("image")
    return ProcessedImageField(
        max_bytes=ACTIVITY_IMAGE_MAX_BYTES,
        max_side=ACTIVITY_IMAGE_MAX_SIDE,
        required=False,
        label=model_field.verbose_name,
    )


class ActivityRulesMixin:
    """Rules for every form that edits an activity (staff page and admin).

    - An image needs a description for people who cannot see it.
    - Internal meetings are never public; otherwise the public flag follows the activity's
      form unless the user set it.
    """

    def clean(self):
        cleaned = super().clean()
        # A new upload, or the stored image when it is kept; a rejected upload still meant one.
        has_image = bool(cleaned.get("image")) or "image" in self.errors
        if has_image and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        form_value = cleaned.get("form")
        if form_value == ActivityForm.INTERNAL_MEETING:
            cleaned["is_public"] = False
        elif form_value and "form" in self.changed_data and "is_public" not in self.changed_data:
            cleaned["is_public"] = ActivityForm.public_by_default(form_value)
        return cleaned


class ActivityStaffForm(TranslatedFieldsMixin, ActivityRulesMixin, forms.ModelForm):
    """The activity's own fields; the main organiser limited to the user's organisations."""

    image = activity_image_field()

    class Meta:
        model = Activity
        fields = [
            "title",
            "summary",
            "description",
            "form",
            "audiences",
            "languages",
            "organiser",
            "co_organisers",
            "venue",
            "image",
            "image_alt",
            "cost",
            "how_to_join",
            "join_url",
            "accessibility",
            "is_public",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "co_organisers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        current_organiser = Organisation.objects.filter(pk=instance.organiser_id)
        organisers = permissions.editable_organisations(user).filter(is_active=True) | current_organiser
        self.fields["organiser"].queryset = organisers.distinct().order_by("name")
        self.fields["organiser"].help_text = _("One of your organisations.")
        co_organisers = Organisation.objects.active()
        if instance.pk:
            co_organisers = co_organisers | Organisation.objects.filter(co_organised_activities=instance)
        self.fields["co_organisers"].queryset = co_organisers.distinct().order_by("name")
        self.fields["co_organisers"].help_text = _("Other partners who run the activity together with you.")
        venues = Venue.objects.filter(is_active=True) | Venue.objects.filter(pk=instance.venue_id)
        self.fields["venue"].queryset = venues.distinct()
        if not instance.pk and not self.initial.get("organiser"):
            organisations = list(self.fields["organiser"].queryset[:2])
            if len(organisations) == 1:
                self.initial["organiser"] = organisations[0].pk

    def clean(self):
        cleaned = super().clean()
        organiser = cleaned.get("organiser")
        co_organisers = cleaned.get("co_organisers")
        if organiser is not None and co_organisers is not None:
            cleaned["co_organisers"] = co_organisers.exclude(pk=organiser.pk)
            if not permissions.is_coordinator(self.user):
                mine = set(permissions.editable_organisations(self.user).values_list("pk", flat=True))
                ours = {organiser.pk} | {organisation.pk for organisation in cleaned["co_organisers"]}
                if not mine & ours:
                    self.add_error(
                        "co_organisers",
                        _(
                            "One of your organisations must be the main organiser or a co-organiser; "
                            "otherwise you could not edit the activity any more."
                        ),
                    )
        return cleaned


class WeekdaysField(forms.TypedMultipleChoiceField):
    """Weekday checkboxes stored as "0,2" (Monday = 0) in ``Recurrence.weekdays``."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Recurrence.Weekday.choices)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("label", _("On these weekdays"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @staticmethod
    def as_text(numbers) -> str:
        return ",".join(str(number) for number in sorted(set(numbers)))


def parse_skip_dates(text: str) -> tuple[list[dt.date], list[str]]:
    """Dates one per line (commas and spaces also separate); returns (dates, lines not understood)."""
    dates, bad = [], []
    for part in text.replace(",", " ").split():
        try:
            dates.append(dt.date.fromisoformat(part))
        except ValueError:
            bad.append(part)
    return sorted(set(dates)), bad


class ScheduleForm(forms.Form):
    """When an activity takes place: one date, or a weekly or monthly schedule.

    A single date is kept as a one-day schedule, so saving goes through
    ``services.regenerate_occurrences`` like a series and the date keeps its row when moved.
    """

    ONCE = "once"
    KEEP = "keep"

    repeats = forms.ChoiceField(label=_("How often"), widget=forms.RadioSelect)
    start_date = forms.DateField(
        label=_("Date"),
        widget=DATE_WIDGET,
        help_text=_("For a repeating schedule: the first date."),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    end_date = forms.DateField(
        label=_("Last date"), required=False, widget=DATE_WIDGET, help_text=_("Repeating schedules only.")
    )
    weekdays = WeekdaysField(required=False)
    interval = forms.IntegerField(
        label=_("Every N weeks"),
        required=False,
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("Weekly schedules: 1 = every week, 2 = every other week."),
    )
    nth = forms.TypedChoiceField(
        label=_("Which weekday of the month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "---------"), *Recurrence.Nth.choices],
        help_text=_("Monthly schedules: e.g. third for every 3rd Wednesday."),
    )
    skip_dates = forms.CharField(
        label=_("Skipped dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dates without the activity, such as holidays: one per line as YYYY-MM-DD."),
    )

    def __init__(
        self,
        *args,
        recurrence=None,
        allow_keep=False,
        only_keep=False,
        require_future=False,
        allow_past=False,
        **kwargs,
    ):
        self.recurrence = recurrence
        self.allow_keep = allow_keep or only_keep
        self.require_future = require_future
        if recurrence is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(recurrence)
        super().__init__(*args, **kwargs)
        choices = [
            (self.ONCE, _("One date")),
            (Recurrence.Frequency.WEEKLY, _("Weekly on chosen weekdays")),
            (Recurrence.Frequency.MONTHLY_NTH, _("Monthly on the nth weekday, e.g. every 3rd Wednesday")),
        ]
        if only_keep:
            choices = []
        if self.allow_keep:
            choices.insert(0, (self.KEEP, _("Keep the dates as they are")))
            self.initial.setdefault("repeats", self.KEEP)
            for name in ("start_date", "start_time", "end_time"):
                self.fields[name].required = False
        else:
            self.initial.setdefault("repeats", self.ONCE)
        self.fields["repeats"].choices = choices
        if allow_past and not only_keep:
            # Coordinators enter earlier seasons: the schedule's past dates are created too.
            self.fields["include_past"] = forms.BooleanField(
                label=_("Also create the dates that have passed"),
                required=False,
                help_text=_(
                    "For entering history, e.g. a season of 2020: the past dates of the schedule are created "
                    "so that their head counts can be entered or imported. Dates already there stay as they are."
                ),
            )
        self.schedule_dates: list[dt.date] = []

    @classmethod
    def initial_from(cls, recurrence: Recurrence) -> dict:
        once = recurrence.frequency == Recurrence.Frequency.WEEKLY and recurrence.start_date == recurrence.end_date
        return {
            "repeats": cls.ONCE if once else recurrence.frequency,
            "start_date": recurrence.start_date,
            "end_date": None if once else recurrence.end_date,
            "start_time": recurrence.start_time,
            "end_time": recurrence.end_time,
            "weekdays": [] if once else recurrence.weekday_numbers,
            "interval": recurrence.interval,
            "nth": recurrence.nth,
            "skip_dates": "" if once else recurrence.skip_dates,
        }

    @property
    def keeps_dates(self) -> bool:
        return self.cleaned_data.get("repeats") == self.KEEP

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("repeats")
        if not mode or mode == self.KEEP:
            return cleaned
        for name in ("start_date", "start_time", "end_time"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if start_time and end_time and end_time <= start_time:
            self.add_error("end_time", _("The end time must be after the start time."))
        start_date = cleaned.get("start_date")
        if mode == self.ONCE:
            if start_date:
                cleaned["end_date"] = start_date
                cleaned["weekdays"] = [start_date.weekday()]
            cleaned["interval"], cleaned["nth"], cleaned["skip_dates"] = 1, None, ""
        else:
            end_date = cleaned.get("end_date")
            if end_date is None and "end_date" not in self.errors:
                self.add_error("end_date", _("Give the last date of the schedule."))
            elif start_date and end_date and end_date < start_date:
                self.add_error("end_date", _("The last date cannot be before the first date."))
            if not cleaned.get("weekdays") and "weekdays" not in self.errors:
                self.add_error("weekdays", _("Choose at least one weekday."))
            if mode == Recurrence.Frequency.WEEKLY:
                if cleaned.get("interval") is None and "interval" not in self.errors:
                    cleaned["interval"] = 1
                cleaned["nth"] = None
            else:
                cleaned["interval"] = 1
                if cleaned.get("nth") is None and "nth" not in self.errors:
                    self.add_error("nth", _("Choose which weekday of the month, e.g. third."))
            skipped, bad = parse_skip_dates(cleaned.get("skip_dates", ""))
            if bad:
                self.add_error(
                    "skip_dates",
                    _("These are not dates written as YYYY-MM-DD: %(values)s") % {"values": ", ".join(bad[:10])},
                )
            else:
                cleaned["skip_dates"] = "\n".join(day.isoformat() for day in skipped)
        if self.errors:
            return cleaned
        recurrence = self.apply_to(Recurrence())
        try:
            self.schedule_dates = services.check_schedule_size(recurrence)
        except ValidationError as exc:
            self.add_error(None, exc)
            return cleaned
        if self.require_future and not cleaned.get("include_past"):
            now = timezone.now()
            if not any(recurrence.times_on(day)[0] > now for day in self.schedule_dates):
                self.add_error(
                    "start_date" if mode == self.ONCE else None,
                    _("The schedule gives no coming dates. Choose dates that have not passed."),
                )
        return cleaned

    def apply_to(self, recurrence: Recurrence) -> Recurrence:
        data = self.cleaned_data
        recurrence.frequency = Recurrence.Frequency.WEEKLY if data["repeats"] == self.ONCE else data["repeats"]
        recurrence.start_date = data["start_date"]
        recurrence.end_date = data["end_date"]
        recurrence.start_time = data["start_time"]
        recurrence.end_time = data["end_time"]
        recurrence.weekdays = WeekdaysField.as_text(data["weekdays"])
        recurrence.interval = data["interval"]
        recurrence.nth = data["nth"]
        recurrence.skip_dates = data["skip_dates"]
        return recurrence

    def save(self, *, activity: Activity) -> services.RegenerationResult | None:
        """Save the schedule and bring the coming dates in line (inside the caller's transaction)."""
        if self.keeps_dates:
            return None
        recurrence = self.apply_to(self.recurrence or Recurrence())
        recurrence.activity = activity
        recurrence.save()
        return services.regenerate_occurrences(
            recurrence=recurrence, include_past=bool(self.cleaned_data.get("include_past"))
        )


def save_activity_with_schedule(
    *, activity_form: ActivityStaffForm, schedule_form: ScheduleForm, user
) -> tuple[Activity, services.RegenerationResult | None]:
    """Save an activity, its schedule and its coming dates in one transaction.

    This spans three models and belongs in ``activities.services`` once that module takes
    form-free arguments for it; it lives here because the staff page owns the form logic.
    """
    with transaction.atomic():
        activity = activity_form.save(commit=False)
        if activity._state.adding:
            activity.created_by = user
        activity.save()
        activity_form.save_m2m()
        result = schedule_form.save(activity=activity)
    return activity, result


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time), timezone.get_default_timezone())


class OccurrenceMoveForm(forms.Form):
    """Move one date: a new day and time, another venue or a note; the series stays as it is."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    venue = forms.ModelChoiceField(
        label=_("Other venue"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Only when this date is somewhere else than the activity's usual venue."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Shown with this date only, e.g. 'Moved because of the national day'."),
    )

    def __init__(self, *args, occurrence: Occurrence, **kwargs):
        self.occurrence = occurrence
        start = timezone.localtime(occurrence.start)
        end = timezone.localtime(occurrence.end)
        kwargs.setdefault(
            "initial",
            {
                "date": start.date(),
                "start_time": start.time(),
                "end_time": end.time(),
                "venue": occurrence.venue_id,
                "note": occurrence.note,
            },
        )
        super().__init__(*args, **kwargs)
        venues = Venue.objects.filter(is_active=True) | Venue.objects.filter(pk=occurrence.venue_id)
        self.fields["venue"].queryset = venues.distinct()
        self.fields["venue"].empty_label = gettext("The usual venue (%(name)s)") % {
            "name": occurrence.activity.venue.name
        }

    def clean(self):
        cleaned = super().clean()
        day, start_time, end_time = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start_time and end_time:
            if end_time <= start_time:
                self.add_error("end_time", _("The end time must be after the start time."))
            elif aware(day, start_time) <= timezone.now():
                self.add_error("date", _("Choose a day and time that have not passed."))
            else:
                cleaned["start"], cleaned["end"] = aware(day, start_time), aware(day, end_time)
        return cleaned

    def save(self) -> Occurrence:
        data = self.cleaned_data
        with transaction.atomic():
            occurrence = services.move_occurrence(
                occurrence=self.occurrence, start=data["start"], end=data["end"], venue=data["venue"]
            )
            if occurrence.venue != data["venue"] or occurrence.note != data["note"]:
                occurrence.venue, occurrence.note = data["venue"], data["note"]
                occurrence.save(update_fields=["venue", "note", "updated"])
        return occurrence


class OccurrenceCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=200,
        error_messages={"required": _("Give a reason when cancelling a date.")},
        help_text=_("Shown to residents with the date, e.g. 'The leader is ill'."),
    )
