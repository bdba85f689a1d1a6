"""Staff pages for activities: the list of one's activities, an activity with its schedule on one
page, duplicating, and moving or cancelling a single date.

Partner staff reach the activities their organisations organise or co-organise, coordinators
all; everything else answers 404 (``klocket.permissions``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from activities import services
from activities.models import Activity
from activities.staff_forms import (
    ActivityStaffForm,
    OccurrenceCancelForm,
    OccurrenceMoveForm,
    ScheduleForm,
    save_activity_with_schedule,
)
from klocket import permissions

staff_only = permissions.role_required(permissions.is_coordinator, permissions.is_partner_staff)

ACTIVITIES_PER_PAGE = 50
DATES_SHOWN = 100
PAST_DATES_SHOWN = 20


@staff_only
@require_safe
def activity_list(request):
    """The coming activities of the user's organisations, drafts included, soonest first."""
    now = timezone.now()
    coming = Q(occurrences__end__gt=now, occurrences__cancelled=False)
    activities = (
        permissions.editable_activities(request.user)
        .select_related("organiser", "venue")
        .annotate(next_start=Min("occurrences__start", filter=coming), coming_count=Count("occurrences", filter=coming))
        .order_by(F("next_start").asc(nulls_last=True), "title", "pk")
    )
    show_all = request.GET.get("alla") == "1"
    if not show_all:
        activities = activities.filter(Q(coming_count__gt=0) | Q(status=Activity.Status.DRAFT))
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "activities/staff/activity_list.html",
        {"page": page, "activities": page.object_list, "show_all": show_all, "now": now},
    )


def _dates_of(activity):
    now = timezone.now()
    dates = activity.occurrences.select_related("venue")
    coming = dates.filter(end__gt=now).order_by("start", "pk")
    past = dates.filter(end__lte=now).order_by("-start", "-pk")
    return {
        "coming_dates": coming[:DATES_SHOWN],
        "coming_total": coming.count(),
        "past_dates": past[:PAST_DATES_SHOWN],
        "past_total": past.count(),
    }


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request, pk=None):
    """Create or edit an activity and its schedule on one page."""
    activity = permissions.get_editable_activity_or_404(request.user, pk) if pk is not None else None
    saved_title = activity.title if activity else ""
    recurrences = list(activity.recurrences.all()) if activity else []
    schedule_options = {
        "recurrence": recurrences[0] if len(recurrences) == 1 else None,
        # An activity without a schedule (dates added one by one) or with several (made in the
        # admin) may keep its dates as they are; several schedules are edited in the admin.
        "allow_keep": activity is not None and len(recurrences) != 1,
        "only_keep": len(recurrences) > 1,
        "require_future": activity is None,
        "allow_past": permissions.is_coordinator(request.user),
        "prefix": "when",
    }
    if request.method == "POST":
        form = ActivityStaffForm(request.POST, request.FILES, instance=activity, user=request.user)
        schedule_form = ScheduleForm(request.POST, **schedule_options)
        if all([form.is_valid(), schedule_form.is_valid()]):
            try:
                saved, result = save_activity_with_schedule(
                    activity_form=form, schedule_form=schedule_form, user=request.user
                )
            except ValidationError as exc:
                if activity is None:  # The transaction rolled back: the form is a new one again.
                    form.instance.pk = None
                    form.instance._state.adding = True
                schedule_form.add_error(None, exc)
            else:
                coming = saved.occurrences.filter(end__gt=timezone.now(), cancelled=False).count()
                messages.success(
                    request,
                    ngettext(
                        "The activity was saved. It has %(count)d coming date.",
                        "The activity was saved. It has %(count)d coming dates.",
                        coming,
                    )
                    % {"count": coming},
                )
                if result is not None and schedule_form.cleaned_data.get("include_past"):
                    past = saved.occurrences.filter(end__lte=timezone.now()).count()
                    messages.info(
                        request,
                        ngettext(
                            "It has %(count)d date that has passed: enter or import its head counts.",
                            "It has %(count)d dates that have passed: enter or import their head counts.",
                            past,
                        )
                        % {"count": past},
                    )
                elif result is not None and not coming:
                    messages.info(request, _("The schedule gives no coming dates."))
                return redirect("staff-activity-edit", pk=saved.pk)
    else:
        form = ActivityStaffForm(instance=activity, user=request.user)
        schedule_form = ScheduleForm(**schedule_options)
    context = {
        "activity": activity,
        # The form changes its instance while validating: the heading shows the saved title.
        "saved_title": saved_title,
        "form": form,
        "schedule_form": schedule_form,
        "schedule_count": len(recurrences),
        "forms": [form, schedule_form],
        "has_errors": bool(form.errors or schedule_form.errors),
        "image_chosen": bool(request.FILES.get("image")),
    }
    if activity is not None:
        context.update(_dates_of(activity))
    return render(request, "activities/staff/activity_form.html", context)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def activity_duplicate(request, pk):
    """GET asks for confirmation; POST makes a draft copy and opens it."""
    activity = permissions.get_editable_activity_or_404(request.user, pk)
    if request.method == "POST":
        copy = services.duplicate_activity(activity=activity, user=request.user)
        messages.success(request, _("This is a draft copy. Check its title and dates, then publish it."))
        return redirect("staff-activity-edit", pk=copy.pk)
    return render(request, "activities/staff/activity_duplicate.html", {"activity": activity})


def _editable_occurrence_or_404(request, pk):
    return get_object_or_404(
        permissions.editable_occurrences(request.user).select_related("activity", "activity__venue", "venue"),
        pk=pk,
    )


def _refuse_past(request, occurrence):
    messages.error(request, _("This date has passed and can no longer be changed."))
    return redirect("staff-activity-edit", pk=occurrence.activity_id)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def occurrence_edit(request, pk):
    """Move one date (day, time, venue, note); the rest of the series stays as it is."""
    occurrence = _editable_occurrence_or_404(request, pk)
    if occurrence.is_past:
        return _refuse_past(request, occurrence)
    if request.method == "POST":
        form = OccurrenceMoveForm(request.POST, occurrence=occurrence)
        if form.is_valid():
            try:
                form.save()
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The date was changed. The other dates stay as they are."))
                return redirect("staff-activity-edit", pk=occurrence.activity_id)
    else:
        form = OccurrenceMoveForm(occurrence=occurrence)
    return render(
        request,
        "activities/staff/occurrence_edit.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "form": form,
            "forms": [form],
            "has_errors": bool(form.errors),
        },
    )


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def occurrence_cancel(request, pk):
    """Cancel one date with a reason, or restore a cancelled one."""
    occurrence = _editable_occurrence_or_404(request, pk)
    if occurrence.is_past:
        return _refuse_past(request, occurrence)
    form = OccurrenceCancelForm()
    if request.method == "POST":
        if occurrence.cancelled and request.POST.get("action") == "restore":
            services.restore_occurrence(occurrence=occurrence)
            messages.success(request, _("The date takes place again."))
            return redirect("staff-activity-edit", pk=occurrence.activity_id)
        if not occurrence.cancelled:
            form = OccurrenceCancelForm(request.POST)
            if form.is_valid():
                try:
                    services.cancel_occurrence(occurrence=occurrence, reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    form.add_error("reason", exc)
                else:
                    messages.success(request, _("The date was cancelled. The other dates stay as they are."))
                    return redirect("staff-activity-edit", pk=occurrence.activity_id)
    return render(
        request,
        "activities/staff/occurrence_cancel.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "form": form,
            "forms": [form],
            "has_errors": bool(form.errors),
        },
    )
