"""Partner websites allowed to show the portal's calendar in an iframe (``frame-ancestors``)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models import Organisation


def normalised_origin(value: str) -> str:
    """``https://www.example.org`` from what a coordinator pasted; a ValidationError if it is no origin."""
    value = (value or "").strip().rstrip("/")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.hostname
        or "*" in value
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ValidationError(
            _("Write the website's origin only, like https://www.example.org (no path, no *)."), code="origin"
        )
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


class EmbedOrigin(models.Model):
    """A partner website that may show the calendar in an iframe; any other site is refused."""

    origin = models.CharField(
        _("website origin"),
        max_length=200,
        unique=True,
        help_text=_("Scheme and host name, e.g. https://www.svenskakyrkan.se (with :port if needed)."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("website allowed to embed the calendar")
        verbose_name_plural = _("websites allowed to embed the calendar")
        ordering = ["origin"]

    def __str__(self):
        return self.origin

    def save(self, *args, **kwargs):
        self.origin = normalised_origin(self.origin)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            self.origin = normalised_origin(self.origin)
        except ValidationError as error:
            raise ValidationError({"origin": error}) from None


def allowed_frame_ancestors() -> list[str]:
    """The origins listed by coordinators (one query); never ``*``."""
    return list(EmbedOrigin.objects.values_list("origin", flat=True))
