"""The vocabulary of safety walks: categories, priorities, statuses and checklist results."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    LIGHTING = "lighting", _("Lighting")
    VEGETATION = "vegetation", _("Vegetation")
    LITTER = "litter", _("Litter")
    GRAFFITI = "graffiti", _("Graffiti or vandalism")
    SURFACE = "surface", _("Surface or accessibility")
    TRAFFIC = "traffic", _("Traffic")
    BUILDINGS = "buildings", _("Entrances or buildings")
    PLAYGROUND = "playground", _("Playground or sports area")
    SIGNAGE = "signage", _("Signage")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    """observed → handed over → accepted → fixed → verified at a later walk; declined ends it
    without a fix (with a reason); a fixed item can be reopened (back to accepted)."""

    OBSERVED = "observed", _("Observed")
    HANDED_OVER = "handed_over", _("Handed over")
    ACCEPTED = "accepted", _("Accepted")
    FIXED = "fixed", _("Fixed")
    VERIFIED = "verified", _("Fixed and verified at a walk")
    DECLINED = "declined", _("Closed, not fixed")

    @classmethod
    def open(cls) -> list[str]:
        """Waiting for a fix."""
        return [cls.OBSERVED, cls.HANDED_OVER, cls.ACCEPTED]

    @classmethod
    def done(cls) -> list[str]:
        """Fixed, whether or not a walk has verified it yet."""
        return [cls.FIXED, cls.VERIFIED]

    @classmethod
    def with_party(cls) -> list[str]:
        """Handed to the responsible party and not yet fixed: the party's to-do list."""
        return [cls.HANDED_OVER, cls.ACCEPTED]


# The workflow: from a status to the statuses it may move to by hand. VERIFIED needs a later
# walk; the next walk's checklist may also record an open item as fixed on the spot.
TRANSITIONS = {
    Status.OBSERVED: {Status.HANDED_OVER, Status.DECLINED},
    Status.HANDED_OVER: {Status.ACCEPTED, Status.DECLINED},
    Status.ACCEPTED: {Status.FIXED, Status.DECLINED},
    Status.FIXED: {Status.VERIFIED, Status.ACCEPTED},
    Status.VERIFIED: set(),
    Status.DECLINED: set(),
}
# What the responsible organisation's own staff may do with an item handed to them.
PARTNER_TRANSITIONS = {
    Status.HANDED_OVER: {Status.ACCEPTED, Status.DECLINED},
    Status.ACCEPTED: {Status.FIXED, Status.DECLINED},
}


class CheckResult(models.TextChoices):
    """What the group saw when the next walk checked an earlier deficiency."""

    FIXED = "fixed", _("Fixed")
    PARTLY_FIXED = "partly_fixed", _("Partly fixed")
    NOT_FIXED = "not_fixed", _("Not fixed")


class Source(models.TextChoices):
    WALK = "walk", _("Safety walk")
    REPORT = "report", _("Resident's report")
