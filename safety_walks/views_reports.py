"""Moderation of residents' reports: a coordinator turns a report into a deficiency, links it
to one already known, or closes it with a reply. Only coordinators see the reporter's contact."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klocket.files import file_response
from safety_walks import access, services
from safety_walks.forms import AcceptReportForm, LinkReportForm, RejectReportForm
from safety_walks.models import ResidentReport

RECENT_SHOWN = 30


@access.coordinator_required
@require_safe
def report_queue(request):
    reports = ResidentReport.objects.select_related("area", "deficiency")
    return render(
        request,
        "safety_walks/staff/report_queue.html",
        {
            "waiting": reports.filter(status=ResidentReport.Status.RECEIVED).order_by("received_at", "pk"),
            "recent": reports.exclude(status=ResidentReport.Status.RECEIVED).order_by("-moderated_at", "-pk")[
                :RECENT_SHOWN
            ],
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_moderate(request, pk):
    report = get_object_or_404(ResidentReport.objects.select_related("area", "deficiency"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    accept_form = AcceptReportForm(request.POST if action == "accept" else None, report=report, prefix="accept")
    link_form = LinkReportForm(request.POST if action == "link" else None, report=report, prefix="link")
    reject_form = RejectReportForm(request.POST if action == "reject" else None, prefix="reject")
    if report.status != ResidentReport.Status.RECEIVED and request.method == "POST":
        messages.error(request, _("This report has already been moderated."))
        return redirect("sw-report-moderate", pk=report.pk)
    try:
        if action == "accept" and accept_form.is_valid():
            data = accept_form.cleaned_data
            deficiency = services.accept_report(
                report=report,
                user=request.user,
                copy_photo=data.get("copy_photo", False),
                public_reply=data["public_reply"],
                **accept_form.deficiency_fields(),
            )
            messages.success(request, _("The report is now a deficiency."))
            return redirect(deficiency.get_absolute_url())
        if action == "link" and link_form.is_valid():
            services.link_report(
                report=report,
                deficiency=link_form.cleaned_data["deficiency"],
                user=request.user,
                public_reply=link_form.cleaned_data["public_reply"],
            )
            messages.success(request, _("The report now follows the deficiency already recorded."))
            return redirect("sw-reports")
        if action == "reject" and reject_form.is_valid():
            services.reject_report(
                report=report,
                user=request.user,
                public_reply=reject_form.cleaned_data["public_reply"],
                note=reject_form.cleaned_data["moderation_note"],
            )
            messages.success(request, _("The report is closed."))
            return redirect("sw-reports")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "safety_walks/staff/report_moderate.html",
        {
            "report": report,
            "accept_form": accept_form,
            "link_form": link_form,
            "reject_form": reject_form,
            "accept_forms": [accept_form],
            "link_forms": [link_form],
            "reject_forms": [reject_form],
            "action": action,
            "is_open": report.status == ResidentReport.Status.RECEIVED,
        },
    )


@access.coordinator_required
@require_safe
def report_photo(request, pk):
    report = get_object_or_404(ResidentReport, pk=pk)
    return file_response(report.photo, public=False)
