from django import forms
from django.conf import settings

from activities.models import Organisation
from klocket.images import ProcessedImageField
from klocket.translation_forms import TranslatedFieldsMixin


class OrganisationForm(TranslatedFieldsMixin, forms.ModelForm):
    """Partner staff keep their organisation's public presentation up to date."""

    logo = ProcessedImageField(
        max_bytes=settings.LOGO_MAX_BYTES,
        max_side=600,
        required=False,
        label=Organisation._meta.get_field("logo").verbose_name,
    )

    class Meta:
        model = Organisation
        fields = ["description", "website", "logo"]
