"""The pages about the portal: easy-to-read Swedish, accessibility (statement and feedback),
privacy and cookies. All public, all usable without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from about import assessment, services
from about.cookies import portal_cookies
from about.forms import FeedbackForm
from about.models import SiteSettings
from activities.models import Venue


@require_safe
def easy_read(request):
    venues = Venue.objects.houses().filter(is_active=True).only("name", "slug", "address")
    return render(request, "about/easy_read.html", {"venues": venues.order_by("name")})


@require_safe
def accessibility(request):
    return render(
        request,
        "about/accessibility.html",
        {
            "site": SiteSettings.current(),
            "checks": assessment.AUTOMATED_CHECKS,
            "checked_pages": assessment.AXE_CHECKED_PAGES,
            "assessed_on": assessment.ASSESSED_ON,
            "last_reviewed": assessment.LAST_REVIEWED,
            "standard": assessment.STANDARD,
        },
    )


def _feedback_limited(request) -> bool:
    return is_ratelimited(
        request, group="about.feedback", key="ip", rate=settings.KLOCKET_FEEDBACK_RATE, method="POST", increment=True
    )


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request):
    """The accessibility statement's feedback function: stored for coordinators, never lost on errors."""
    status = 200
    limited = False
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        limited = _feedback_limited(request)
        if limited:
            status = 429
            form.is_valid()  # Show what was entered, with any errors, but store nothing.
        elif form.is_valid():
            data = form.cleaned_data
            services.submit_feedback(page=data["page"], problem=data["problem"], contact=data["contact"])
            messages.success(request, _("Thank you! Your feedback has been sent to the portal's coordinators."))
            return redirect("about-feedback-thanks")
    else:
        form = FeedbackForm(initial={"page": request.GET.get("sida", "")[:500]})
    return render(
        request,
        "about/feedback.html",
        {"form": form, "forms": [form], "has_errors": bool(form.errors), "limited": limited},
        status=status,
    )


@require_safe
def feedback_thanks(request):
    return render(request, "about/feedback_thanks.html")


@require_safe
def privacy(request):
    return render(
        request,
        "about/privacy.html",
        {
            "site": SiteSettings.current(),
            "participant_months": settings.KLOCKET_PARTICIPANT_RETENTION_MONTHS,
            "report_contact_days": settings.KLOCKET_REPORT_CONTACT_DAYS,
            "feedback_contact_days": settings.KLOCKET_FEEDBACK_CONTACT_DAYS,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        },
    )


@require_safe
def cookies(request):
    return render(request, "about/cookies.html", {"cookies": portal_cookies()})
