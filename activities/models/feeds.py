"""What the iCalendar feed wrote for each date, kept until what the date shows changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models.events import Occurrence


class FeedEntry(models.Model):
    """One date's VEVENT as icalendar wrote it for the subscription feed (``/kalender.ics``).

    Writing a VEVENT costs the icalendar library about a third of a millisecond; a feed holds
    thousands. The feed's query asks the database for an MD5 fingerprint of everything a date
    shows (activity, place, organiser, times, cancellation: ``activities.feeds``) and takes the
    stored entry when the fingerprint matches, so only changed dates are written again: after
    any edit, after a restart and after the cache server lost everything alike. ``context``
    is a hash of what else the text depends on (language, the site's address, the UID domain).
    Entries of dates that left the feed's window are deleted when new ones are written.
    """

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="feed_entries", verbose_name=_("date")
    )
    context = models.CharField(_("context"), max_length=16)
    fingerprint = models.CharField(_("fingerprint"), max_length=32)
    body = models.TextField(_("VEVENT"))

    class Meta:
        verbose_name = _("calendar feed entry")
        verbose_name_plural = _("calendar feed entries")
        constraints = [
            # One entry per date and context; it also serves the feed's lookup (occurrence, context).
            models.UniqueConstraint(fields=["occurrence", "context"], name="feed_entry_one_per_context"),
        ]

    def __str__(self):
        return f"{self.occurrence_id} ({self.context})"
