"""Staff pages for attendance: Today, the tally, study circles (lists, presences, certificates),
exports and the import of past head counts.

Partner staff reach the occurrences and circles of their organisations (organiser or
co-organiser), coordinators all; everything else answers 404 (``klocket.permissions``).
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from activities import attendance_exports as exports
from activities import attendance_selectors as selectors
from activities import attendance_services as services
from activities.attendance_forms import (
    ImportForm,
    ImportWindowForm,
    LokForm,
    ParticipantForm,
    PeriodForm,
    TallyForm,
    counter_labels,
    field_name,
)
from activities.attendance_import import accepted_labels, parse_head_counts, read_payload
from activities.models import ActivityForm, Gender, Occurrence, Organisation, age_bands
from activities.models.attendance import MAX_STUDY_HOURS_PER_SESSION
from klocket import permissions

staff_only = permissions.role_required(permissions.is_coordinator, permissions.is_partner_staff)
HISTORY_SHOWN = 10
IMPORT_PREVIEW_ROWS = 50


# Today and the tally ----------------------------------------------------------------------------------------


@staff_only
@require_safe
def today(request):
    """The user's dates of today and recent ones not yet counted, each one tap from its tally."""
    context = selectors.today_for(request.user)
    context["is_coordinator"] = permissions.is_coordinator(request.user)
    return render(request, "activities/attendance/today.html", context)


def _tally_bands(form, conflict_counts):
    bands = []
    for band in age_bands():
        cells = []
        for gender, label in Gender.choices:
            name = field_name(band.code, gender)
            add, remove = counter_labels(band, gender)
            cells.append(
                {
                    "field": form[name],
                    "label": label,
                    "add": add,
                    "remove": remove,
                    "other": None
                    if conflict_counts is None
                    else conflict_counts.get(services.cell_key(band.code, gender), 0),
                }
            )
        bands.append({"band": band, "cells": cells})
    return bands


def _shown_total(form) -> int:
    total = 0
    for _band, _gender, name in form.cells:
        value = form[name].value()
        try:
            total += max(0, int(value or 0))
        except (TypeError, ValueError):
            continue
    return total


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def tally(request, pk):
    """The − / + counters of one date: a plain form, live counters with static/js/tally.js."""
    scope = permissions.editable_occurrences(request.user)
    conflict, conflicted = None, False
    if request.method == "POST":
        form = TallyForm(request.POST)
        if form.is_valid():
            try:
                attendance = services.save_tally(
                    occurrence_id=pk,
                    scope=scope,
                    user=request.user,
                    counts=form.counts(),
                    leaders=form.cleaned_data["leaders"],
                    first_time=form.cleaned_data["first_time"],
                    expected_version=form.cleaned_data["version"],
                )
            except Occurrence.DoesNotExist:
                raise Http404 from None
            except services.TallyConflict as exc:
                conflict, conflicted = exc.attendance, True
                form.data = form.data.copy()
                form.data["version"] = conflict.version if conflict else 0
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Saved: %(total)s visitor at %(title)s.",
                        "Saved: %(total)s visitors at %(title)s.",
                        attendance.total,
                    )
                    % {"total": attendance.total, "title": attendance.occurrence.activity.title},
                )
                return redirect("attendance-today")
    occurrence = get_object_or_404(scope.select_related("activity", "activity__venue", "venue", "attendance"), pk=pk)
    if occurrence.activity.form == ActivityForm.STUDY_CIRCLE:
        return redirect("attendance-session", pk=occurrence.activity_id, occurrence_pk=occurrence.pk)
    attendance = selectors._attendance(occurrence)
    state = services.counting_state(occurrence, request.user)
    if request.method != "POST":
        form = TallyForm(initial=TallyForm.initial_from(attendance))
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})
    other = {}
    if conflicted:
        other = {"leaders": conflict.leaders if conflict else 0, "first_time": conflict.first_time if conflict else 0}
    extra = [
        (form["leaders"], _("Add one leader or volunteer"), _("Remove one leader or volunteer"), other.get("leaders")),
        (
            form["first_time"],
            _("Add one first-time visitor"),
            _("Remove one first-time visitor"),
            other.get("first_time"),
        ),
    ]
    history = []
    if attendance is not None:
        changes = attendance.history.select_related("history_user").order_by("-history_date", "-history_id")
        history = list(changes[:HISTORY_SHOWN])
    return render(
        request,
        "activities/attendance/tally.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "attendance": attendance,
            "form": form,
            "bands": _tally_bands(form, (conflict.counts if conflict else {}) if conflicted else None),
            "conflict": conflict,
            "conflicted": conflicted,
            "total": _shown_total(form),
            "state": state,
            "state_message": services.STATE_MESSAGES.get(state) if state else None,
            "history": history,
            "extra": extra,
            "genders": Gender.choices,
            "forms": [form],
            "has_errors": bool(form.errors),
        },
    )


# Study circles ----------------------------------------------------------------------------------------------


def _circle_or_404(request, pk):
    return get_object_or_404(
        permissions.editable_activities(request.user)
        .filter(form=ActivityForm.STUDY_CIRCLE)
        .select_related("organiser"),
        pk=pk,
    )


@staff_only
@require_safe
def circle_list(request):
    circles = selectors.study_circles_for(request.user)
    return render(request, "activities/attendance/circle_list.html", {"circles": circles[:200]})


def _pairs(values) -> set[tuple[int, int]]:
    pairs = set()
    for value in values:
        for part in str(value).split(","):
            first, _sep, second = part.strip().partition("_")
            if first.isdigit() and second.isdigit():
                pairs.add((int(first), int(second)))
    return pairs


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


def _save_presence_post(request, activity, *, session_ids=None):
    """Apply a posted presence grid; True when saved (a message says what changed)."""
    sessions = _ids(request.POST.getlist("session"))
    if session_ids is not None:
        sessions = [pk for pk in sessions if pk in session_ids]
    ticked = _pairs(request.POST.getlist("present"))
    shown = _pairs(request.POST.getlist("shown"))
    hours = {}
    for session in sessions:
        raw = request.POST.get(f"hours_{session}")
        if raw not in (None, ""):
            if not raw.isdigit() or int(raw) > MAX_STUDY_HOURS_PER_SESSION:
                messages.error(request, _("Study hours per session are whole numbers from 0 to 4."))
                return False
            hours[session] = int(raw)
    ticked = {pair for pair in ticked if pair[1] in sessions}
    shown = {pair for pair in shown if pair[1] in sessions}
    try:
        result = services.save_presences(
            activity=activity, user=request.user, ticked=ticked, shown=shown, sessions=sessions, study_hours=hours
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(
        request,
        ngettext(
            "Saved: %(added)s presence added, %(removed)s removed.",
            "Saved: %(added)s presences added, %(removed)s removed.",
            result.added,
        )
        % {"added": result.added, "removed": result.removed},
    )
    return True


def _grid_context(request, activity, report):
    now = timezone.now()
    states = {
        session.occurrence.pk: services.counting_state(session.occurrence, request.user, now=now, presence=True)
        for session in report.held
    }
    editable = {pk for pk, state in states.items() if state is None}
    shown = [
        f"{status.participant.pk}_{occurrence_id}"
        for status in report.participants
        for occurrence_id in sorted(status.present)
        if occurrence_id in editable
    ]
    return {
        "activity": activity,
        "report": report,
        "editable_sessions": editable,
        "locked_sessions": {pk for pk, state in states.items() if state == "locked"},
        "lock_after_days": services.LOCK_AFTER_DAYS,
        "shown": ",".join(shown),
        "hour_choices": list(range(MAX_STUDY_HOURS_PER_SESSION + 1)),
        "organisers": exports.organisers_of(activity),
    }


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def circle_detail(request, pk):
    """A study circle: rule warnings, the presence grid (participants x sessions), study hours, statuses."""
    activity = _circle_or_404(request, pk)
    if request.method == "POST" and _save_presence_post(request, activity):
        return redirect("attendance-circle", pk=activity.pk)
    report = selectors.circle_report(activity)
    return render(request, "activities/attendance/circle.html", _grid_context(request, activity, report))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def session_presence(request, pk, occurrence_pk):
    """Presence at one session, one big checkbox per person: quick to tick on a phone."""
    activity = _circle_or_404(request, pk)
    occurrence = get_object_or_404(
        activity.occurrences.select_related("attendance", "venue", "activity"), pk=occurrence_pk
    )
    state = services.counting_state(occurrence, request.user, presence=True)
    saved = (
        request.method == "POST"
        and state is None
        and _save_presence_post(request, activity, session_ids={occurrence.pk})
    )
    if saved:
        return redirect("attendance-session", pk=activity.pk, occurrence_pk=occurrence.pk)
    report = selectors.circle_report(activity)
    session = next((s for s in report.sessions if s.occurrence.pk == occurrence.pk), None)
    context = _grid_context(request, activity, report)
    context.update(
        {
            "occurrence": occurrence,
            "session": session,
            "state": state,
            "state_message": services.STATE_MESSAGES.get(state) if state else None,
            "shown": ",".join(
                f"{participant_id}_{occurrence.pk}" for participant_id in sorted(session.present if session else [])
            ),
        }
    )
    return render(request, "activities/attendance/session.html", context)


def _participant_or_404(activity, participant_pk, *, named=True):
    participants = activity.participants.all()
    if named:
        participants = participants.filter(anonymised_at__isnull=True)
    return get_object_or_404(participants, pk=participant_pk)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def participant_add(request, pk):
    activity = _circle_or_404(request, pk)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.add_participant(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the list.") % {"name": participant.name})
            if "another" in request.POST:
                return redirect("attendance-participant-add", pk=activity.pk)
            return redirect("attendance-circle", pk=activity.pk)
    return render(
        request,
        "activities/attendance/participant_form.html",
        {"activity": activity, "form": form, "forms": [form], "has_errors": bool(form.errors), "participant": None},
    )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def participant_edit(request, pk, participant_pk):
    activity = _circle_or_404(request, pk)
    participant = _participant_or_404(activity, participant_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            services.remove_participant(participant=participant, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s was removed from the list.") % {"name": participant.name})
        return redirect("attendance-circle", pk=activity.pk)
    initial = {
        "name": participant.name,
        "birth_year": participant.birth_year,
        "gender": participant.gender,
        "role": participant.role,
        "contact": participant.contact,
    }
    form = ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(participant=participant, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The participant was saved."))
            return redirect("attendance-circle", pk=activity.pk)
    return render(
        request,
        "activities/attendance/participant_form.html",
        {
            "activity": activity,
            "form": form,
            "forms": [form],
            "has_errors": bool(form.errors),
            "participant": participant,
        },
    )


def _certificate(request, pk, participant_pk):
    activity = _circle_or_404(request, pk)
    participant = _participant_or_404(activity, participant_pk)
    report = selectors.circle_report(activity)
    status = report.status_of(participant.pk)
    organisers = exports.organisers_of(activity)
    return activity, participant, status, exports.certificate_for(report, status, organisers=organisers)


@staff_only
@require_safe
def certificate(request, pk, participant_pk):
    """The participation certificate as a printable A4 page."""
    activity, participant, status, cert = _certificate(request, pk, participant_pk)
    return render(
        request,
        "activities/attendance/certificate.html",
        {
            "activity": activity,
            "participant": participant,
            "attended": status.sessions > 0,
            "certificate": cert,
            "lines": exports.certificate_lines(cert),
        },
    )


@staff_only
@require_safe
def certificate_pdf(request, pk, participant_pk):
    activity, participant, status, cert = _certificate(request, pk, participant_pk)
    if status.sessions == 0:
        messages.error(request, _("%(name)s has not attended any session yet.") % {"name": participant.name})
        return redirect("attendance-certificate", pk=activity.pk, participant_pk=participant.pk)
    response = HttpResponse(exports.certificate_pdf(cert), content_type="application/pdf")
    filename = exports.export_filename("intyg", activity.title, participant.name)
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _format(request) -> str:
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


@staff_only
@require_safe
def circle_export(request, pk):
    """Närvarolista of a study circle, for the study association's own e-list."""
    activity = _circle_or_404(request, pk)
    report = selectors.circle_report(activity)
    sheet = exports.attendance_list_sheet(report, organisers=exports.organisers_of(activity))
    return exports.download(
        sheet, filename=exports.export_filename("narvarolista", activity.title), fmt=_format(request)
    )


# Exports ----------------------------------------------------------------------------------------------------


def _refuse_foreign_organisation(request):
    """An organisation named in the address that the user may not see answers 404, not a form error."""
    slug = request.GET.get("organisation")
    if slug and not permissions.editable_organisations(request.user).filter(slug=slug).exists():
        raise Http404


def _export_page(request, *, period_form=None, lok_form=None, empty=None, status=200):
    today = timezone.localdate()
    period_form = period_form or PeriodForm(
        user=request.user,
        auto_id="period_%s",
        initial={"fran": today.replace(month=1, day=1), "till": today, "format": "xlsx"},
    )
    lok_form = lok_form or LokForm(
        user=request.user,
        auto_id="lok_%s",
        initial={
            "ar": today.year if today.month > 6 else today.year - 1,
            "halvar": 1 if today.month > 6 else 2,
            "format": "xlsx",
        },
    )
    return render(
        request,
        "activities/attendance/exports.html",
        {
            "period_form": period_form,
            "lok_form": lok_form,
            "empty": empty,
            "forms": [form for form in (period_form, lok_form) if form.is_bound],
            "has_errors": any(form.is_bound and form.errors for form in (period_form, lok_form)),
        },
        status=status,
    )


@staff_only
@require_safe
def export_page(request):
    return _export_page(request)


def _organisations(request, chosen):
    if chosen is not None:
        return Organisation.objects.filter(pk=chosen.pk), chosen.name
    return permissions.editable_organisations(request.user), "Alla organisationer"


@staff_only
@require_safe
def export_counts(request):
    """Head counts per date for a period and organisation (CSV or XLSX)."""
    _refuse_foreign_organisation(request)
    form = PeriodForm(request.GET, user=request.user, auto_id="period_%s")
    if not form.is_valid():
        return _export_page(request, period_form=form, status=400)
    data = form.cleaned_data
    organisations, name = _organisations(request, data["organisation"])
    occurrences = list(selectors.head_count_export(start=data["fran"], end=data["till"], organisations=organisations))
    if not occurrences:
        return _export_page(
            request,
            period_form=form,
            empty=_("No dates were held from %(start)s to %(end)s for %(organisation)s: there is nothing to export.")
            % {"start": data["fran"].isoformat(), "end": data["till"].isoformat(), "organisation": name},
        )
    sheet = exports.head_count_sheet(occurrences, first=data["fran"], last=data["till"], organisation_name=name)
    filename = exports.export_filename("besok", name, data["fran"].isoformat(), data["till"].isoformat())
    return exports.download(sheet, filename=filename, fmt=data["format"])


@staff_only
@require_safe
def export_lok(request):
    """Which sports dates of a reporting half-year would qualify for LOK-stöd, with reasons."""
    _refuse_foreign_organisation(request)
    form = LokForm(request.GET, user=request.user, auto_id="lok_%s")
    if not form.is_valid():
        return _export_page(request, lok_form=form, status=400)
    data = form.cleaned_data
    organisations, name = _organisations(request, data["organisation"])
    period = selectors.ReportingPeriod(year=data["ar"], half=data["halvar"])
    rows = selectors.lok_check(period=period, organisations=organisations)
    if not rows:
        return _export_page(
            request,
            lok_form=form,
            empty=_(
                "No sports dates were held from %(start)s to %(end)s for %(organisation)s: there is nothing to export."
            )
            % {"start": period.first_day.isoformat(), "end": period.last_day.isoformat(), "organisation": name},
        )
    sheet = exports.lok_sheet(rows, period=period, organisation_name=name)
    filename = exports.export_filename("lok", name, f"{period.year}-{period.half}")
    return exports.download(sheet, filename=filename, fmt=data["format"])


# Import -----------------------------------------------------------------------------------------------------


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def import_counts(request):
    """Upload a spreadsheet of past head counts, check the preview, then save all rows or none."""
    preview = None
    form = ImportForm()
    if request.method == "POST" and "payload" in request.POST:
        try:
            filename, rows = read_payload(request.POST["payload"])
        except signing.BadSignature:
            messages.error(request, _("The preview is older than an hour or was changed. Upload the file again."))
            return redirect("attendance-import")
        try:
            result = services.import_head_counts(
                rows=rows,
                user=request.user,
                filename=filename,
                scope=permissions.editable_occurrences(request.user),
                activity_scope=permissions.editable_activities(request.user),
                create_dates=request.POST.get("create_dates") == "1",
            )
        except (ValidationError, Occurrence.DoesNotExist) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else _("A date is no longer yours.")
            messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": reason})
            return redirect("attendance-import")
        messages.success(
            request,
            ngettext(
                "Imported %(rows)s row for %(dates)s dates: %(changed)s counts changed.",
                "Imported %(rows)s rows for %(dates)s dates: %(changed)s counts changed.",
                result.rows,
            )
            % {"rows": result.rows, "dates": result.occurrences, "changed": result.changed},
        )
        if result.created_dates:
            messages.info(
                request,
                ngettext(
                    "%(count)s missing date was created.", "%(count)s missing dates were created.", result.created_dates
                )
                % {"count": result.created_dates},
            )
        return redirect("attendance-import")
    is_coordinator = permissions.is_coordinator(request.user)
    window_form = ImportWindowForm() if is_coordinator else None
    if request.method == "POST" and "window-organisation" in request.POST:
        if not is_coordinator:
            raise Http404
        window_form = ImportWindowForm(request.POST)
        if window_form.is_valid():
            organisation = window_form.save()
            if organisation.history_import_until:
                message = _("Staff of %(name)s may import counts older than 30 days until %(day)s.") % {
                    "name": organisation.name,
                    "day": organisation.history_import_until.isoformat(),
                }
            else:
                message = _("The import window of %(name)s is closed.") % {"name": organisation.name}
            messages.success(request, message)
            return redirect("attendance-import")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = parse_head_counts(upload.read(), filename=upload.name, user=request.user)
    return render(
        request,
        "activities/attendance/import.html",
        {
            "form": form,
            "forms": [form, window_form] if window_form else [form],
            "has_errors": bool(form.errors or (window_form and window_form.errors)),
            "preview": preview,
            "preview_rows": preview.rows[:IMPORT_PREVIEW_ROWS] if preview else [],
            "totals": preview.totals() if preview and preview.is_valid else None,
            "new_dates": preview.new_dates if preview and preview.is_valid else [],
            "labels": accepted_labels(),
            "window_form": window_form,
            "open_windows": list(
                Organisation.objects.filter(history_import_until__gte=timezone.localdate()).order_by("name")
            )
            if is_coordinator
            else [],
        },
    )
