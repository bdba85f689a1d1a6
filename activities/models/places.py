"""Partner organisations, areas and venues: who runs KLOCKET and where it happens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from simple_history.models import HistoricalRecords

from klocket.files import RandomName
from klocket.images import image_help_text
from klocket.translated_history import TranslatedHistoricalRecords


class Area(models.Model):
    """A neighbourhood running the KLOCKET concept (Klockaretorpet by default)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    TRANSLATED_FIELDS = ("description",)

    class Kind(models.TextChoices):
        TENANTS_UNION = "tenants_union", _("Tenants' union")
        HOUSING_COMPANY = "housing_company", _("Housing company")
        CHURCH = "church", _("Church")
        STUDY_ASSOCIATION = "study_association", _("Study association")
        SPORTS_FEDERATION = "sports_federation", _("Sports federation")
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=150,
        unique=True,
        help_text=_("Used in the page address, e.g. hyresgastforeningen. Letters, digits and hyphens."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(
        _("description"), blank=True, help_text=_("A few sentences for residents: what you do in KLOCKET.")
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomName("logos"),
        blank=True,
        help_text=image_help_text(settings.LOGO_MAX_BYTES),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive partners are hidden from public pages.")
    )
    history_import_until = models.DateField(
        _("import window open until"),
        null=True,
        blank=True,
        help_text=_(
            "Until this day (included) the organisation's staff may import head counts older than 30 days "
            "for its activities, e.g. a season of history. Set by a coordinator; leave empty to keep it closed."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        verbose_name=_("staff"),
        blank=True,
    )
    # The description in the site's other languages (klocket/content_languages.py).
    i18n = TranslationField(fields=TRANSLATED_FIELDS)
    history = TranslatedHistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation-detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A staff user working for a partner organisation: decides what partner staff may edit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    created = models.DateTimeField(_("added"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_organisation")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class VenueQuerySet(models.QuerySet):
    def houses(self):
        return self.filter(kind=Venue.Kind.HOUSE)


class Venue(models.Model):
    TRANSLATED_FIELDS = ("description",)

    class Kind(models.TextChoices):
        HOUSE = "house", _("House")
        OUTDOOR = "outdoor", _("Outdoor place")
        ONLINE = "online", _("Online")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.HOUSE)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="venues", verbose_name=_("area"))
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("Street address residents can find, or where the online link is given for online meetings."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_(
            "Step-free entrance, lift, accessible toilet, hearing loop, parking: what a visitor needs to know."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The description in the site's other languages (klocket/content_languages.py).
    i18n = TranslationField(fields=TRANSLATED_FIELDS)
    history = TranslatedHistoricalRecords()

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["area__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="venue_unique_name_per_area"),
            # Coordinates come in pairs, within the globe's ranges.
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False, longitude__isnull=False)
                    & Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="venue_coordinates_pair_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venue-detail", kwargs={"slug": self.slug})

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
