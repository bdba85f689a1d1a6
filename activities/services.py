"""Writes that touch several rows: schedules, cancelling and moving dates, duplicating."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Occurrence, Recurrence
from klocket.cache import bump_data_version


@dataclass
class RegenerationResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0


def check_schedule_size(recurrence: Recurrence) -> list[dt.date]:
    dates = recurrence.dates()
    if len(dates) > Recurrence.MAX_DATES:
        raise ValidationError(
            _("This schedule would create more than %(max)s dates. Shorten the period or choose fewer weekdays.")
            % {"max": Recurrence.MAX_DATES},
            code="too_many_dates",
        )
    return dates


@transaction.atomic
def regenerate_occurrences(
    *, recurrence: Recurrence, now: dt.datetime | None = None, include_past: bool = False
) -> RegenerationResult:
    """Bring a schedule's future dates in line with it; past dates never change or vanish.

    Dates already generated keep their row (and so their feed UID) when only the time changes;
    dates changed by hand (moved, cancelled, edited) are left alone. ``include_past`` (entering
    history) also creates the schedule's past dates that are missing; existing ones stay as
    they are.
    """
    now = now or timezone.now()
    result = RegenerationResult()
    wanted = {}
    for day in check_schedule_size(recurrence):
        start, end = recurrence.times_on(day)
        if start > now or include_past:
            wanted[day] = (start, end)

    existing = {
        occurrence.scheduled_date: occurrence
        for occurrence in Occurrence.objects.select_for_update().filter(recurrence=recurrence)
    }
    to_create = []
    for day, (start, end) in wanted.items():
        occurrence = existing.get(day)
        if occurrence is None:
            to_create.append(
                Occurrence(
                    activity=recurrence.activity,
                    recurrence=recurrence,
                    scheduled_date=day,
                    start=start,
                    end=end,
                )
            )
        elif occurrence.is_detached or occurrence.start <= now:
            result.kept += 1
        elif (occurrence.start, occurrence.end) != (start, end):
            occurrence.start, occurrence.end = start, end
            occurrence.save(update_fields=["start", "end", "updated"])
            result.updated += 1
        else:
            result.kept += 1
    stale = [
        occurrence.pk
        for day, occurrence in existing.items()
        if day not in wanted and not occurrence.is_detached and occurrence.start > now
    ]
    if stale:
        Occurrence.objects.filter(pk__in=stale).delete()
        result.deleted = len(stale)
    Occurrence.objects.bulk_create(to_create)
    result.created = len(to_create)
    if to_create:
        bump_data_version()  # bulk_create sends no post_save: refresh cached public pages
    return result


def _check_times(start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise ValidationError(_("The end must be after the start."), code="end_before_start")
    if end - start > Occurrence.MAX_DURATION:
        raise ValidationError(
            _("A date can last at most 7 days; enter a longer event as several dates."), code="too_long"
        )


@transaction.atomic
def cancel_occurrence(*, occurrence: Occurrence, reason: str) -> Occurrence:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason when cancelling a date."), code="reason_required")
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    occurrence.cancelled = True
    occurrence.cancel_reason = reason
    occurrence.is_detached = True
    occurrence.save(update_fields=["cancelled", "cancel_reason", "is_detached", "updated"])
    return occurrence


@transaction.atomic
def restore_occurrence(*, occurrence: Occurrence) -> Occurrence:
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    occurrence.cancelled = False
    occurrence.cancel_reason = ""
    occurrence.save(update_fields=["cancelled", "cancel_reason", "updated"])
    return occurrence


@transaction.atomic
def move_occurrence(*, occurrence: Occurrence, start: dt.datetime, end: dt.datetime, venue=None) -> Occurrence:
    _check_times(start, end)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    occurrence.start, occurrence.end = start, end
    if venue is not None:
        occurrence.venue = venue
    occurrence.is_detached = True
    occurrence.save(update_fields=["start", "end", "venue", "is_detached", "updated"])
    return occurrence


@transaction.atomic
def duplicate_activity(*, activity: Activity, user=None) -> Activity:
    """A draft copy with the same details and schedules (dates are generated on publishing)."""
    copy = Activity.objects.get(pk=activity.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.title = _("Copy of %(title)s") % {"title": activity.title}
    copy.title = copy.title[:150]
    copy.status = Activity.Status.DRAFT
    copy.created_by = user
    if activity.image:
        # A file of its own: replacing or deleting either image removes only that file (klocket/files.py).
        try:
            with activity.image.open("rb") as stored:
                copy.image = ContentFile(stored.read(), name=activity.image.name)
        except FileNotFoundError:
            copy.image, copy.image_alt = "", ""
    copy.save()
    copy.co_organisers.set(activity.co_organisers.all())
    copy.audiences.set(activity.audiences.all())
    copy.languages.set(activity.languages.all())
    for recurrence in activity.recurrences.all():
        recurrence.pk = None
        recurrence.id = None
        recurrence._state.adding = True
        recurrence.activity = copy
        recurrence.save()
        regenerate_occurrences(recurrence=recurrence)
    return copy


@transaction.atomic
def delete_recurrence(*, recurrence: Recurrence, now: dt.datetime | None = None) -> int:
    """Remove a schedule and its future, untouched dates; past and hand-changed dates stay."""
    now = now or timezone.now()
    future = Occurrence.objects.filter(recurrence=recurrence, is_detached=False, start__gt=now)
    deleted = future.count()
    future.delete()
    recurrence.delete()
    return deleted


@transaction.atomic
def create_single_occurrence(*, activity: Activity, start: dt.datetime, end: dt.datetime, venue=None) -> Occurrence:
    _check_times(start, end)
    return Occurrence.objects.create(activity=activity, start=start, end=end, venue=venue)
