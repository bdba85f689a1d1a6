"""Forms of the goals pages: the dashboard's selection, measurements, the reference distribution
and the residents' survey. Numbers are accepted as people type them (12,5 or 12.5)."""

import datetime as dt
import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityForm, Gender, Organisation, Venue, age_bands
from goals import services
from goals.models import Indicator, Measurement, PeriodKind, Safety, Unit, VisitFrequency
from goals.periods import HALF_YEAR, PERIOD_HELP, Period, PeriodError

FIRST_YEAR = 2017  # the first year the portal's goals are followed up (the police list of 2017)
MAX_RANGE_DAYS = 366 * 15  # a free range: at most 15 years (the export's SQL grows with the periods)
FORM_KEY_SALT = "goals.survey.form"
FORM_KEY_MAX_AGE = 60 * 60 * 24


def year_choices(today: dt.date) -> list[tuple[str, str]]:
    """Years from 2017 to the current one, newest first."""
    return [(str(year), str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)]


def period_choices(today: dt.date) -> list:
    """The picker's periods from 2017 to the current ones, newest first, grouped by kind."""
    groups = []
    for kind, label in [
        (PeriodKind.YEAR, _("Years")),
        (HALF_YEAR, _("Half-years")),
        (PeriodKind.QUARTER, _("Quarters")),
        (PeriodKind.MONTH, _("Months")),
    ]:
        last = Period.containing(today, kind)
        periods = Period(dt.date(FIRST_YEAR, 1, 1), last.end, kind).within(kind)
        groups.append((label, [(period.code, period.label) for period in reversed(periods)]))
    return [("", _("The dates below (from–to)")), *groups]


class SelectionForm(forms.Form):
    """What the dashboard shows (GET parameters): a period (a year, half-year, quarter or month,
    or a free range of dates from–to), a house or place, an organisation, an activity."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    fran = forms.DateField(
        label=_("From (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    till = forms.DateField(
        label=_("To (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    hus = forms.ModelChoiceField(
        label=_("House or place"),
        queryset=Venue.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All houses and places"),
    )
    arrangor = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
    )
    aktivitet = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("All activities"),
    )
    indelning = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[("manad", _("Month")), ("kvartal", _("Quarter")), ("halvar", _("Half-year")), ("ar", _("Year"))],
    )

    def __init__(self, *args, today: dt.date, granularity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(today)
        self.fields["hus"].queryset = Venue.objects.order_by("name")
        self.fields["arrangor"].queryset = Organisation.objects.order_by("name")
        self.fields["aktivitet"].queryset = Activity.objects.exclude(form=ActivityForm.INTERNAL_MEETING).order_by(
            "title", "pk"
        )
        if not granularity:
            del self.fields["indelning"]

    def clean(self):
        """A free range needs both dates, in order, at most 15 years apart: ``cleaned_data["range"]``."""
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        data["range"] = None
        if "fran" in self.errors or "till" in self.errors:
            return data
        if (start is None) != (end is None):
            self.add_error("fran" if start is None else "till", _("Give both a start date and an end date."))
        elif start is not None:
            try:
                data["range"] = Period.between(start, end)
            except PeriodError as error:
                self.add_error("till", str(error))
            else:
                if (end - start).days >= MAX_RANGE_DAYS:
                    data["range"] = None
                    self.add_error("till", _("Choose a range of at most 15 years."))
        return data

    PERIOD_FIELDS = ("period", "fran", "till")

    def period_fields(self):
        return [self[name] for name in self.PERIOD_FIELDS]

    def filter_fields(self):
        return [self[name] for name in self.fields if name not in self.PERIOD_FIELDS]

    def cleaned_or_default(self, name, default):
        """The field's value when valid and given, else ``default`` (errors are reported by the view)."""
        if not self.is_bound:
            return default
        self.is_valid()
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


class PublicYearForm(forms.Form):
    """The public summary's year (GET parameter ``ar``)."""

    ar = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = year_choices(today)


class DecimalText(forms.Field):
    """A number typed with a decimal comma or point, cleaned to a Decimal by ``services.parse_number``."""

    widget = forms.TextInput
    max_length = 20

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "maxlength": str(self.max_length)}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if len(text) > self.max_length:
            raise ValidationError(_("Enter a shorter number."), code="too_long")
        return services.parse_number(text)


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), to_field_name="code", empty_label=None
    )
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    value = forms.CharField(
        label=_("Value"),
        max_length=30,
        help_text=_("Per cent as 0–100, scores as 0–1, means as 1–5. A decimal comma is fine."),
    )
    sample_size = forms.IntegerField(
        label=_("Number of answers or people"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text=_("How many answers or people the value is based on, when known."),
    )
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("Where the figure comes from."))
    source_url = forms.URLField(label=_("Link to the source"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    replace = forms.BooleanField(
        label=_("Replace"), required=False, help_text=_("Replace a value already entered for the same period.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            Indicator.objects.exclude(unit=Unit.LIST_STATUS).select_related("goal").order_by("goal__number", "position")
        )
        self.fields["indicator"].label_from_instance = lambda i: f"#{i.goal.number} {i.name}"

    def clean_period(self):
        return services.parse_period(self.cleaned_data["period"]).code

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if indicator is not None and "value" in data:
            try:
                data["value"] = services.parse_value(data["value"], indicator.unit)
            except ValidationError as error:
                self.add_error("value", error)
        return data


class MeasurementAdminForm(forms.ModelForm):
    """The admin's form: the same parsing and checks as the staff page."""

    value = forms.CharField(label=_("Value"), max_length=30)

    class Meta:
        model = Measurement
        fields = ["indicator", "period", "value", "sample_size", "source", "source_url", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value"] = services.plain(self.instance.value)

    def clean_period(self):
        period = services.parse_period(self.cleaned_data["period"])
        self.instance.period_kind = period.kind
        self.instance.period_start, self.instance.period_end = period.start, period.end
        return period.code

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if indicator is not None and "value" in data:
            try:
                data["value"] = services.parse_value(data["value"], indicator.unit)
            except ValidationError as error:
                self.add_error("value", error)
        return data


class ReferenceForm(forms.Form):
    """A new reference distribution: one share in per cent per age band, adding up to 100."""

    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("E.g. Klockaretorpet's population 2024."))
    source = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("E.g. Norrköping municipality's statistics.")
    )
    source_url = forms.URLField(label=_("Link to the source"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year of the figures"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bands = age_bands()
        for band in self.bands:
            self.fields[f"share_{band.code}"] = DecimalText(label=_("Ages %(band)s, per cent") % {"band": band.label})

    def band_fields(self):
        return [self[f"share_{band.code}"] for band in self.bands]

    def clean(self):
        data = super().clean()
        shares = {}
        for band in self.bands:
            value = data.get(f"share_{band.code}")
            if value is None:
                continue
            if value < 0 or value > 100:
                self.add_error(f"share_{band.code}", _("Enter a share from 0 to 100."))
                continue
            shares[band.code] = value
        if len(shares) == len(self.bands):
            try:
                services.check_shares(shares)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        data["shares"] = shares
        return data


def new_form_key() -> str:
    return signing.dumps(uuid.uuid4().hex, salt=FORM_KEY_SALT)


def survey_age_choices() -> list[tuple[str, str]]:
    """The configured age bands from 13 up (the survey is for teenagers and adults)."""
    return [("", _("I prefer not to say"))] + [(band.code, band.label) for band in age_bands() if band.min_age >= 13]


class SurveyForm(forms.Form):
    safety = forms.ChoiceField(
        label=_("How safe do you feel going out alone late in the evening in your own area?"),
        choices=Safety.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how safe you feel.")},
    )
    attractiveness = forms.TypedChoiceField(
        label=_("How attractive is Klockaretorpet as a place to live?"),
        choices=[
            ("1", _("1 – not at all attractive")),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", _("5 – very attractive")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    visits = forms.ChoiceField(
        label=_("How often do you visit KLOCKET (Kunskapens hus, Föreningarnas hus, Idrottens hus, Fritidsbanken)?"),
        choices=VisitFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often you visit KLOCKET.")},
    )
    age_band = forms.ChoiceField(label=_("Your age (optional)"), required=False, widget=forms.RadioSelect)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("I prefer not to say")), *Gender.choices],
        widget=forms.RadioSelect,
    )
    form_key = forms.CharField(widget=forms.HiddenInput)
    # A field people never see: software that fills in every field gives itself away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = survey_age_choices()
        if not self.is_bound:
            self.initial.setdefault("form_key", new_form_key())

    def clean_form_key(self):
        try:
            return signing.loads(self.cleaned_data["form_key"], salt=FORM_KEY_SALT, max_age=FORM_KEY_MAX_AGE)
        except signing.BadSignature:
            raise ValidationError(
                _("The form was open for too long. Check your answers and send them again."), code="expired"
            ) from None

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
