from django import forms
from django.utils.translation import gettext_lazy as _

from klocket.honeypot import HoneypotMixin, honeypot_field


class FeedbackForm(HoneypotMixin, forms.Form):
    page = forms.CharField(
        label=_("Which page or content?"),
        max_length=500,
        help_text=_("The page's address or name, or a file or form, e.g. the calendar or the report form."),
    )
    problem = forms.CharField(
        label=_("What could you not use?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell us what happened and, if you like, what help you use (a screen reader, zoom, a phone)."),
    )
    contact = forms.CharField(
        label=_("Your e-mail or phone number (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only if you want an answer. Never published nor passed on."),
    )
    # The honeypot (klocket/honeypot.py), as on the residents' report form.
    homepage = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].error_messages["required"] = _("Say which page or content it is about.")
        self.fields["problem"].error_messages["required"] = _("Describe what you could not use.")
