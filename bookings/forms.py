"""The resident's sign-up form and the form to change the number of places."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bookings.contacts import normalise_email, normalise_phone


def language_choices():
    """The portal's languages, each named in itself (``settings.LANGUAGES``)."""
    from django.utils.translation import get_language_info

    choices = []
    for code, name in settings.LANGUAGES:
        try:
            choices.append((code, get_language_info(code)["name_local"]))
        except KeyError:
            choices.append((code, str(name)))
    return choices


def _places_choices(maximum: int):
    return [(number, str(number)) for number in range(1, maximum + 1)]


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Write your name, so the staff know who is coming.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        required=False,
        help_text=_("We send the confirmation and the reminder by text message."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Or e-mail"),
        max_length=254,
        required=False,
        help_text=_("Instead of a mobile number."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    places = forms.TypedChoiceField(label=_("Number of places"), coerce=int, initial=1)
    language = forms.ChoiceField(label=_("Language of the messages"))
    answer = forms.CharField(label="", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # A field people never see: software that fills in every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = _places_choices(registration.max_per_person)
        if registration.max_per_person == 1:
            self.fields["places"].widget = forms.HiddenInput()
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if registration.question:
            self.fields["answer"].label = registration.question
            self.fields["answer"].help_text = _("Optional.")
        else:
            del self.fields["answer"]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if not value:
            return ""
        try:
            return normalise_email(value)
        except ValidationError:
            raise ValidationError(
                _("This is not an e-mail address. Write it like name@example.se."), code="email"
            ) from None

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise ValidationError(_("Give a mobile number or an e-mail address, so we can send the confirmation."))
        return data

    @property
    def contact(self) -> str:
        return self.cleaned_data.get("phone") or self.cleaned_data.get("email") or ""


class PlacesForm(forms.Form):
    places = forms.TypedChoiceField(label=_("Number of places"), coerce=int)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = _places_choices(registration.max_per_person)


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationForm(forms.ModelForm):
    """Staff turn sign-up on for an activity and set its places."""

    class Meta:
        from bookings.models import Registration

        model = Registration
        fields = ["enabled", "scope", "capacity", "max_per_person", "opens", "closes", "question"]
        widgets = {"opens": DATETIME_WIDGET, "closes": DATETIME_WIDGET, "scope": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_per_person"].widget = forms.Select(choices=_places_choices(6))
        for name in ["opens", "closes"]:
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
