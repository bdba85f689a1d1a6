"""Deficiencies found on a walk or reported by residents, their photos and status history."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Area, Organisation
from klocket.files import random_name
from safety_walks.models.choices import Category, CheckResult, Priority, Source, Status
from safety_walks.models.walks import SafetyWalk
from safety_walks.photos import prepare_photo

COORDINATES = (Q(latitude__isnull=True) & Q(longitude__isnull=True)) | (
    Q(latitude__isnull=False, longitude__isnull=False)
    & Q(latitude__gte=-90, latitude__lte=90)
    & Q(longitude__gte=-180, longitude__lte=180)
)


def photo_path(instance, filename):
    return random_name("safety_walks/photos", filename)


def thumbnail_path(instance, filename):
    return random_name("safety_walks/thumbnails", filename)


class DeficiencyQuerySet(models.QuerySet):
    def public(self):
        """What residents may see: public deficiencies of public walks, or from moderated reports."""
        return self.filter(is_public=True).filter(Q(walk__isnull=True) | Q(walk__is_public=True))

    def with_party(self):
        return self.filter(status__in=Status.with_party())


class Deficiency(models.Model):
    source = models.CharField(_("found by"), max_length=8, choices=Source.choices, default=Source.WALK)
    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.PROTECT,
        related_name="deficiencies",
        null=True,
        blank=True,
        verbose_name=_("walk where it was first seen"),
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="deficiencies", verbose_name=_("area"))
    place = models.CharField(
        _("place"), max_length=200, help_text=_("A place anyone can find, e.g. the path between houses 12 and 14.")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    proposed_measure = models.TextField(_("proposed measure"), blank=True)
    responsible_party = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="safety_deficiencies",
        null=True,
        blank=True,
        verbose_name=_("responsible party"),
        help_text=_("Who can fix it, e.g. the municipality or the housing company."),
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OBSERVED)
    found_on = models.DateField(_("found on"))
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    decline_reason = models.TextField(
        _("reason it is not fixed"), blank=True, help_text=_("Shown on the public pages.")
    )
    private_note = models.TextField(_("private note"), blank=True, help_text=_("Only staff see this note."))
    is_public = models.BooleanField(
        _("show on the public pages"),
        default=True,
        help_text=_("Untick for a deficiency residents should not see, e.g. one that shows how to break in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    objects = DeficiencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deficiency")
        verbose_name_plural = _("deficiencies")
        ordering = ["-found_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="deficiency_category_valid"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="deficiency_priority_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="deficiency_status_valid"),
            models.CheckConstraint(condition=~Q(place=""), name="deficiency_place_required"),
            models.CheckConstraint(
                condition=~Q(source=Source.WALK) | Q(walk__isnull=False), name="deficiency_walk_source_has_walk"
            ),
            models.CheckConstraint(condition=COORDINATES, name="deficiency_coordinates_pair_in_range"),
            # Declined is "closed, not fixed": it always says why.
            models.CheckConstraint(
                condition=~Q(status=Status.DECLINED) | ~Q(decline_reason=""), name="deficiency_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=Status.done()) | Q(fixed_on__isnull=False),
                name="deficiency_fixed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=Status.with_party()) | Q(handed_over_on__isnull=False),
                name="deficiency_handed_over_has_date",
            ),
            models.CheckConstraint(
                condition=Q(fixed_on__isnull=True) | Q(fixed_on__gte=F("found_on")),
                name="deficiency_fixed_after_found",
            ),
        ]
        indexes = [
            # The next walk's checklist: earlier deficiencies of an area not yet verified.
            models.Index(fields=["area", "status", "found_on"], name="deficiency_area_status_idx"),
            # Follow-up per party: open items of one organisation, oldest first.
            models.Index(fields=["responsible_party", "status"], name="deficiency_party_status_idx"),
            # Hand-over list: a walk's deficiencies for one party.
            models.Index(fields=["walk", "responsible_party"], name="deficiency_walk_party_idx"),
            # Goal #3 figures per quarter: fixed per period.
            models.Index(fields=["fixed_on"], name="deficiency_fixed_on_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()}: {self.place}"

    def get_absolute_url(self):
        return reverse("sw-deficiency", args=[self.pk])

    def get_public_url(self):
        return reverse("sw-public-deficiency", args=[self.pk])

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def map_url(self) -> str:
        """The place on openstreetmap.org (whatever tile server the portal's own map uses), to 5
        decimals (about a metre): for a link, never printed as numbers."""
        if not self.has_coordinates:
            return ""
        lat, lng = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=18/{lat}/{lng}"

    @property
    def is_fixed(self) -> bool:
        return self.status in Status.done()

    @property
    def is_open(self) -> bool:
        return self.status in Status.open()


class DeficiencyPhoto(models.Model):
    """A photo of a deficiency: stored without metadata; public only when staff say so, one by one."""

    deficiency = models.ForeignKey(
        Deficiency, on_delete=models.CASCADE, related_name="photos", verbose_name=_("deficiency")
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    image = models.ImageField(_("photo"), upload_to=photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_path, blank=True, editable=False)
    description = models.CharField(
        _("what the photo shows"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the photo, e.g. a broken lamp post by the path."),
    )
    is_public = models.BooleanField(
        _("may be shown publicly"),
        default=False,
        help_text=_("Only when no person, face or number plate can be recognised."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["image", "thumbnail"])

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.description or str(_("Photo %(number)s") % {"number": self.pk})

    def save(self, *args, **kwargs):
        # Every way in (staff pages, the admin, moderation, the demo data, a shell) stores a
        # re-encoded copy without EXIF or GPS data, and makes the thumbnail from it.
        if self.image and not self.image._committed:
            photo, thumbnail = prepare_photo(self.image.file)
            self.image = photo
            self.thumbnail = thumbnail
        super().save(*args, **kwargs)

    def get_public_url(self, size="stor"):
        return reverse("sw-public-photo", args=[self.key, size])

    def get_staff_url(self, size="stor"):
        return reverse("sw-staff-photo", args=[self.pk, size])

    @property
    def public_url(self):
        return self.get_public_url("stor")

    @property
    def public_thumbnail_url(self):
        return self.get_public_url("liten")

    @property
    def staff_url(self):
        return self.get_staff_url("stor")

    @property
    def staff_thumbnail_url(self):
        return self.get_staff_url("liten")

    @property
    def alt_text(self) -> str:
        return self.description or str(_("Photo of the deficiency: %(place)s") % {"place": self.deficiency.place})


class StatusChange(models.Model):
    """One step of a deficiency's history: from → to, when, by whom, why, at which walk."""

    deficiency = models.ForeignKey(
        Deficiency, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("deficiency")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    changed_on = models.DateField(_("date of the change"))
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        verbose_name=_("checked at the walk"),
    )
    check_result = models.CharField(_("seen at the walk"), max_length=16, choices=CheckResult.choices, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=Status.values), name="statuschange_from_valid"
            ),
            models.CheckConstraint(condition=Q(to_status__in=Status.values), name="statuschange_to_valid"),
            models.CheckConstraint(
                condition=Q(check_result="") | (Q(check_result__in=CheckResult.values) & Q(walk__isnull=False)),
                name="statuschange_check_has_walk",
            ),
        ]
        indexes = [
            # A deficiency's history, in order, on its staff page.
            models.Index(fields=["deficiency", "changed_at"], name="statuschange_deficiency_idx"),
        ]

    def __str__(self):
        return f"{self.deficiency_id}: {self.from_status or '–'} → {self.to_status}"
