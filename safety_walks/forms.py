"""Forms of the safety-walk pages: walks, deficiencies on the phone, status steps, the next
walk's checklist, hand-overs, photos, and residents' reports with their moderation."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Area, Organisation
from klocket.honeypot import HoneypotMixin, honeypot_field
from klocket.translation_forms import TranslatedFieldsMixin
from safety_walks.models import Category, CheckResult, Deficiency, ResidentReport, SafetyWalk, Status
from safety_walks.photos import PhotoField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SIX_PLACES = Decimal("0.000001")


def default_area():
    return Area.objects.filter(name=settings.KLOCKET_DEFAULT_AREA).first() or Area.objects.order_by("pk").first()


class CoordinateField(forms.DecimalField):
    """A latitude or longitude as a phone's position gives it, kept to six decimals (about 10 cm)."""

    def __init__(self, *, limit, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=-limit, max_value=limit, **kwargs)
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def clean(self, value):
        value = super().clean(value)
        return value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP) if value is not None else None


class CoordinatesMixin:
    """Latitude and longitude come in pairs."""

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not {"latitude", "longitude"} & set(self.errors):
            self.add_error(
                "longitude" if longitude is None else "latitude", _("Give both latitude and longitude, or neither.")
            )
        return cleaned


def coordinate_fields():
    return {
        "latitude": CoordinateField(limit=90, label=_("Latitude"), help_text=_("For example 58.5775")),
        "longitude": CoordinateField(limit=180, label=_("Longitude"), help_text=_("For example 16.1378")),
    }


class WalkForm(TranslatedFieldsMixin, forms.ModelForm):
    class Meta:
        model = SafetyWalk
        fields = [
            "date",
            "area",
            "route",
            "organisations",
            "residents",
            "youth",
            "staff",
            "police",
            "others",
            "preparation_meeting_on",
            "follow_up_meeting_on",
            "summary",
            "notes",
            "is_public",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "preparation_meeting_on": DATE_WIDGET,
            "follow_up_meeting_on": DATE_WIDGET,
            "route": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.active().order_by("name")
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())
            area = default_area()
            if area:
                self.initial.setdefault("area", area.pk)
        for name in ["residents", "youth", "staff", "police", "others"]:
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        preparation, follow_up = cleaned.get("preparation_meeting_on"), cleaned.get("follow_up_meeting_on")
        if date and preparation and preparation > date:
            self.add_error("preparation_meeting_on", _("The preparation meeting comes before the walk."))
        if date and follow_up and follow_up < date:
            self.add_error("follow_up_meeting_on", _("The follow-up meeting comes after the walk."))
        return cleaned


DEFICIENCY_FIELDS = [
    "category",
    "place",
    "latitude",
    "longitude",
    "description",
    "proposed_measure",
    "responsible_party",
    "priority",
    "is_public",
    "private_note",
]


class DeficiencyForm(CoordinatesMixin, forms.ModelForm):
    """A deficiency on the walk: category, photo and place first, everything else optional."""

    latitude = coordinate_fields()["latitude"]
    longitude = coordinate_fields()["longitude"]

    class Meta:
        model = Deficiency
        fields = DEFICIENCY_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposed_measure": forms.Textarea(attrs={"rows": 2}),
            "private_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, with_photo=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category")), *Category.choices]
        self.fields["category"].error_messages["required"] = _("Choose a category.")
        self.fields["place"].error_messages["required"] = _("Say where the deficiency is.")
        current = Organisation.objects.filter(pk=self.instance.responsible_party_id)
        self.fields["responsible_party"].queryset = (
            (Organisation.objects.active() | current).distinct().order_by("name")
        )
        self.fields["responsible_party"].empty_label = _("Not decided yet")
        self.fields["place"].widget.attrs["autocomplete"] = "off"
        if with_photo:
            self.fields["photo"] = PhotoField(
                label=_("Photo"),
                required=False,
                help_text=_("Take a photo with the phone's camera, or choose one. At most 10 MB."),
            )
            self.fields["photo_description"] = forms.CharField(
                label=_("What the photo shows"),
                max_length=200,
                required=False,
                help_text=_("For people who cannot see the photo."),
            )
            self.fields["photo_public"] = forms.BooleanField(
                label=_("The photo may be shown publicly"),
                required=False,
                help_text=_("Only when no person, face or number plate can be recognised."),
            )

    def deficiency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEFICIENCY_FIELDS}


class PhotoForm(forms.Form):
    image = PhotoField(label=_("Photo"), help_text=_("At most 10 MB."))
    description = forms.CharField(label=_("What the photo shows"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("The photo may be shown publicly"),
        required=False,
        help_text=_("Only when no person, face or number plate can be recognised."),
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    decline_reason = forms.CharField(
        label=_("Why it will not be fixed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the deficiency is closed without a fix. Shown on the public pages."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when a fixed deficiency is reopened."),
    )
    walk = forms.ModelChoiceField(
        label=_("Walk where the fix was seen"),
        queryset=SafetyWalk.objects.none(),
        required=False,
        help_text=_("Only for verified: a later walk in the same area."),
    )

    def __init__(self, *args, deficiency, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.deficiency = deficiency
        labels = dict(Status.choices)
        self.fields["to_status"].choices = [(value, labels[value]) for value in statuses]
        self.initial.setdefault("on", timezone.localdate())
        if Status.VERIFIED in statuses:
            self.fields["walk"].queryset = SafetyWalk.objects.filter(
                area_id=deficiency.area_id, date__gt=deficiency.found_on
            ).order_by("-date")
        else:
            del self.fields["walk"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_status") == Status.DECLINED and not (cleaned.get("decline_reason") or "").strip():
            self.add_error("decline_reason", _("Say why the deficiency will not be fixed."))
        return cleaned


class HandOverForm(forms.Form):
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DATE_WIDGET)

    def __init__(self, *args, walk, **kwargs):
        super().__init__(*args, **kwargs)
        self.walk = walk
        self.initial.setdefault("handed_over_on", max(timezone.localdate(), walk.date))

    def clean_handed_over_on(self):
        value = self.cleaned_data["handed_over_on"]
        if value < self.walk.date:
            raise forms.ValidationError(_("The list cannot be handed over before the walk took place."))
        return value


NOT_CHECKED = ""


class ChecklistForm(forms.Form):
    """One radio group per carried-over deficiency: fixed / partly fixed / not fixed / not checked."""

    def __init__(self, *args, items, initial_checks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        initial_checks = initial_checks or {}
        choices = [*CheckResult.choices, (NOT_CHECKED, _("Not checked"))]
        for item in items:
            check = initial_checks.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=_("What did you see?"),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=check.check_result if check else NOT_CHECKED,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500, widget=forms.TextInput()
            )

    def rows(self):
        for item in self.items:
            yield item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]

    def results(self):
        return [
            (item.pk, self.cleaned_data[f"result_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        ]


class ReportForm(HoneypotMixin, CoordinatesMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of problem?"), choices=[("", _("Choose a category")), *Category.choices]
    )
    place = forms.CharField(
        label=_("Where?"),
        max_length=200,
        help_text=_("An address, a house number or a place everyone knows, e.g. the path behind the school."),
    )
    latitude = coordinate_fields()["latitude"]
    longitude = coordinate_fields()["longitude"]
    description = forms.CharField(
        label=_("What is the problem?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write names of other people."),
    )
    photo = PhotoField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("At most 10 MB. Avoid faces and number plates."),
    )
    contact = forms.CharField(
        label=_("Your e-mail or phone number (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only if you want us to be able to ask you something. Never published nor passed on."),
    )
    # The honeypot (klocket/honeypot.py): robots fill it in, people never see it.
    homepage = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].error_messages["required"] = _("Choose a category.")
        self.fields["place"].error_messages["required"] = _("Say where the problem is.")
        self.fields["description"].error_messages["required"] = _("Describe the problem.")
        areas = list(Area.objects.order_by("name")[:2])
        if len(areas) > 1:
            self.fields["area"] = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.order_by("name"))
            self.order_fields(["area"])
        self.single_area = areas[0] if len(areas) == 1 else None

    @property
    def has_area_choice(self) -> bool:
        return "area" in self.fields

    def chosen_area(self):
        return self.cleaned_data.get("area") or self.single_area


class AcceptReportForm(CoordinatesMixin, forms.ModelForm):
    latitude = coordinate_fields()["latitude"]
    longitude = coordinate_fields()["longitude"]
    copy_photo = forms.BooleanField(
        label=_("Keep the resident's photo (not public until you say so)"), required=False, initial=True
    )
    public_reply = forms.CharField(
        label=_("Reply to the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the report's status page."),
    )  # fmt: skip

    class Meta:
        model = Deficiency
        fields = DEFICIENCY_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposed_measure": forms.Textarea(attrs={"rows": 2}),
            "private_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, report: ResidentReport, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "category": report.category,
                "place": report.place,
                "latitude": report.latitude,
                "longitude": report.longitude,
                "description": report.description,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = Organisation.objects.active().order_by("name")
        self.fields["responsible_party"].empty_label = _("Not decided yet")
        self.fields["description"].help_text = _("Public: remove names, contact details and anything personal.")
        if not report.photo:
            del self.fields["copy_photo"]

    def deficiency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEFICIENCY_FIELDS}


class LinkReportForm(forms.Form):
    deficiency = forms.ModelChoiceField(label=_("Deficiency already recorded"), queryset=Deficiency.objects.none())
    public_reply = forms.CharField(
        label=_("Reply to the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deficiency"].queryset = (
            Deficiency.objects.filter(area=report.area)
            .exclude(status__in=[Status.VERIFIED, Status.DECLINED])
            .order_by("-found_on", "pk")
        )


class RejectReportForm(forms.Form):
    public_reply = forms.CharField(
        label=_("Reply to the reporter"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why no deficiency is recorded, e.g. the housing company already knows and repairs it."),
    )
    moderation_note = forms.CharField(label=_("Private note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_reply"].error_messages["required"] = _("Tell the reporter why the report is closed.")
