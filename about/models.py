"""Who runs the portal (the controller named in the privacy notice) and accessibility feedback."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """One row: the organisation responsible for the portal and its personal data.

    Coordinators fill it in in the admin; the privacy notice, the accessibility statement and
    the residents' report page show it. Until it is filled in they say so instead.
    """

    SINGLETON_PK = 1

    controller_name = models.CharField(
        _("responsible organisation"),
        max_length=200,
        help_text=_(
            "The controller of personal data (personuppgiftsansvarig) and the one who runs the portal, "
            "e.g. the municipality's board or the association."
        ),
    )
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("e-mail"), help_text=_("Where residents ask about their data and accessibility."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    data_protection_officer = models.CharField(
        _("data protection officer"),
        max_length=200,
        blank=True,
        help_text=_("Name or e-mail of the data protection officer (dataskyddsombud), if there is one."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="sitesettings_single_row"),
        ]

    def __str__(self):
        return self.controller_name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The row, or None while no coordinator has filled it in (one query)."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first()


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


DONE_STATUSES = (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED)


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def contacts_to_erase(self, *, before):
        """Handled feedback whose contact has been kept long enough (the retention run)."""
        return self.exclude(contact="").filter(status__in=DONE_STATUSES, handled_at__lt=before)


class AccessibilityFeedback(models.Model):
    """A resident's report of content they could not use (the DOS law's feedback function)."""

    page = models.CharField(
        _("page or content"), max_length=500, help_text=_("The address or the name of the page, form or file.")
    )
    problem = models.TextField(_("problem"), max_length=3000)
    contact = models.CharField(
        _("contact for an answer"),
        max_length=200,
        blank=True,
        help_text=_("Erased a while after the feedback was handled (see the privacy notice)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    note = models.TextField(_("internal note"), blank=True, help_text=_("What was done. Not shown to the sender."))
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True, editable=False)

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-received_at"]
        indexes = [
            # The admin's list by status, newest first; the retention run's handled feedback.
            models.Index(fields=["status", "-received_at"], name="a11yfeedback_status_idx"),
        ]

    def __str__(self):
        return self.page[:80]

    def save(self, *args, **kwargs):
        # The retention clock starts when the feedback is answered or closed.
        if self.status in DONE_STATUSES:
            self.handled_at = self.handled_at or timezone.now()
        else:
            self.handled_at = None
        super().save(*args, **kwargs)
