"""The public forms' honeypot: a field people never see nor reach, which form-filling robots fill in.

A form declares ``homepage = honeypot_field()`` and inherits ``HoneypotMixin``; its template
includes ``partials/honeypot.html`` (hidden visually and from screen readers, out of the tab order).
"""

from django import forms
from django.utils.translation import gettext_lazy as _


def honeypot_field() -> forms.CharField:
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class HoneypotMixin:
    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("This field must be left empty."))
        return ""
