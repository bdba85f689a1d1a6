"""The portal's own small tables (the apps keep theirs)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """When a user last got the weekly reminder e-mail (``manage.py send_reminders``).

    One row per user, nothing else: a second run in the same week sends that user nothing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("user"),
    )
    sent_on = models.DateField(_("last reminder sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return f"{self.user_id}: {self.sent_on:%Y-%m-%d}"
