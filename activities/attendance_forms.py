"""Forms of the attendance pages; the reader of head-count spreadsheets is ``attendance_import``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.attendance_import import IMPORT_MAX_BYTES
from activities.attendance_services import all_cells, cell_key
from activities.models import AgeBand, Gender, Organisation, ParticipantRole, age_bands
from activities.models.attendance import MAX_COUNT, MAX_STUDY_HOURS_PER_SESSION
from klocket import permissions

COUNT_ERROR = gettext_lazy("Enter a whole number from 0 to 10,000.")
MAX_EXPORT_DAYS = 366 * 5 + 1
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def count_field(label, **attrs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={"invalid": COUNT_ERROR, "min_value": COUNT_ERROR, "max_value": COUNT_ERROR},
        widget=forms.NumberInput(
            attrs={"min": 0, "max": MAX_COUNT, "inputmode": "numeric", "class": "form-control tally-input", **attrs}
        ),
    )


def field_name(band: str, gender: str) -> str:
    """A form field name for a counter: c_7_12_f, c_65plus_x."""
    return "c_" + band.replace("+", "plus").replace("-", "_") + "_" + gender


def counter_labels(band: AgeBand, gender: str) -> tuple[str, str]:
    """The accessible names of a counter's + and − buttons: "Add one girl 7–12"."""
    values = {"band": band.label}
    if gender == Gender.OTHER:
        return (
            _("Add one person of other or unstated gender %(band)s") % values,
            _("Remove one person of other or unstated gender %(band)s") % values,
        )
    if gender == Gender.FEMALE:
        if band.is_child:
            return _("Add one girl %(band)s") % values, _("Remove one girl %(band)s") % values
        if band.is_adult:
            return _("Add one woman %(band)s") % values, _("Remove one woman %(band)s") % values
        return _("Add one girl or woman %(band)s") % values, _("Remove one girl or woman %(band)s") % values
    if band.is_child:
        return _("Add one boy %(band)s") % values, _("Remove one boy %(band)s") % values
    if band.is_adult:
        return _("Add one man %(band)s") % values, _("Remove one man %(band)s") % values
    return _("Add one boy or man %(band)s") % values, _("Remove one boy or man %(band)s") % values


class TallyForm(forms.Form):
    """Every counter of an occurrence; blank counts as 0."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    leaders = count_field(gettext_lazy("Leaders and volunteers"))
    first_time = count_field(gettext_lazy("First-time visitors"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for band in age_bands():
            for gender, label in Gender.choices:
                name = field_name(band.code, gender)
                self.fields[name] = count_field(label, **{"data-tally-visitor": "1"})
                self.cells.append((band, gender, name))

    def clean(self):
        cleaned = super().clean()
        for name in ["leaders", "first_time", *(name for _band, _gender, name in self.cells)]:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        total = sum(cleaned.get(name) or 0 for _band, _gender, name in self.cells)
        if (cleaned.get("first_time") or 0) > total:
            self.add_error(
                "first_time",
                _("First-time visitors cannot be more than the visitors counted (%(total)s).") % {"total": total},
            )
        return cleaned

    def counts(self) -> dict[str, int]:
        return {cell_key(band.code, gender): self.cleaned_data[name] or 0 for band, gender, name in self.cells}

    @staticmethod
    def initial_from(attendance) -> dict:
        initial = {"version": attendance.version if attendance else 0}
        counts = attendance.counts if attendance else {}
        for band, gender in all_cells():
            initial[field_name(band, gender)] = counts.get(cell_key(band, gender), 0)
        initial["leaders"] = attendance.leaders if attendance else 0
        initial["first_time"] = attendance.first_time if attendance else 0
        return initial


class ParticipantForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    birth_year = forms.IntegerField(
        label=gettext_lazy("Birth year"),
        min_value=1900,
        max_value=2100,
        help_text=gettext_lazy("Only the year, e.g. 1987. Never a personal identity number."),
        error_messages={
            "invalid": gettext_lazy("Enter a birth year such as 1987."),
            "min_value": gettext_lazy("Enter a birth year such as 1987."),
            "max_value": gettext_lazy("Enter a birth year such as 1987."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=ParticipantRole.choices,
        initial=ParticipantRole.PARTICIPANT,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact (optional)"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Phone or e-mail, only if the leader needs it."),
    )


class PeriodForm(forms.Form):
    """Head counts per date for a period and organisation."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    fran = forms.DateField(label=gettext_lazy("From"), widget=DATE_WIDGET)
    till = forms.DateField(label=gettext_lazy("To"), widget=DATE_WIDGET)
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[("xlsx", gettext_lazy("Excel (XLSX)")), ("csv", gettext_lazy("CSV (semicolons, UTF-8)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        setup_organisation_field(self.fields["organisation"], user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fran"), cleaned.get("till")
        if start and end:
            if end < start:
                self.add_error("till", _("The end date cannot be before the start date."))
            elif (end - start).days > MAX_EXPORT_DAYS:
                self.add_error("till", _("Choose at most five years at a time."))
        return cleaned


class LokForm(forms.Form):
    """A LOK check for one reporting half-year."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    ar = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2023,
        max_value=2100,
        error_messages={
            "invalid": gettext_lazy("Enter a year from 2023 on."),
            "min_value": gettext_lazy("Enter a year from 2023 on."),
            "max_value": gettext_lazy("Enter a year from 2023 on."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    halvar = forms.TypedChoiceField(
        label=gettext_lazy("Reporting period"),
        coerce=int,
        choices=[
            (1, gettext_lazy("January–June (apply by 25 August)")),
            (2, gettext_lazy("July–December (apply by 25 February)")),
        ],
        widget=forms.RadioSelect,
    )
    format = PeriodForm.base_fields["format"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        setup_organisation_field(self.fields["organisation"], user)


def setup_organisation_field(organisation_field, user):
    organisation_field.queryset = permissions.editable_organisations(user).order_by("name")
    if permissions.is_coordinator(user):
        organisation_field.required = False
        organisation_field.empty_label = _("All organisations")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: date, activity, age band, gender, count (a start time column is optional). At most 2 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
        return upload


class ImportWindowForm(forms.Form):
    """A coordinator opens or closes an organisation's window for importing old head counts."""

    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=Organisation.objects.none())
    until = forms.DateField(
        label=gettext_lazy("Open until (included)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Leave empty to close the window."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "window")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is not None and until < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day, or leave it empty to close the window."))
        return until

    def save(self) -> Organisation:
        organisation = self.cleaned_data["organisation"]
        organisation.history_import_until = self.cleaned_data["until"]
        organisation.save(update_fields=["history_import_until"])
        return organisation


def study_hours_choices():
    return [(hours, str(hours)) for hours in range(MAX_STUDY_HOURS_PER_SESSION + 1)]
