"""Pages every part of the portal shares: home, health, staff start page, error pages."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from activities import selectors
from activities.models import Organisation, Venue
from klocket import permissions
from klocket.cache import cache_public

HOME_TODAY_MAX = 12
HOME_WEEK_MAX = 25


@require_safe
@cache_public("home")
def home(request):
    """Today and this week in KLOCKET, the next events in each house, the partners."""
    now = timezone.now()
    today = timezone.localdate()
    _start, end_of_today = selectors.local_day_bounds(today)
    sunday = today + dt.timedelta(days=6 - today.weekday())
    _start, end_of_week = selectors.local_day_bounds(sunday)
    today_rows = list(selectors.listed_between(now, end_of_today)[: HOME_TODAY_MAX + 1])
    week_rows = list(selectors.listed_between(end_of_today, end_of_week)[: HOME_WEEK_MAX + 1]) if sunday > today else []
    houses = list(Venue.objects.filter(is_active=True, kind=Venue.Kind.HOUSE))
    return render(
        request,
        "home.html",
        {
            "today": today_rows[:HOME_TODAY_MAX],
            "today_more": len(today_rows) > HOME_TODAY_MAX,
            "week_days": selectors.group_by_day(week_rows[:HOME_WEEK_MAX]),
            "week_more": len(week_rows) > HOME_WEEK_MAX,
            "per_house": selectors.upcoming_per_venue(houses, now=now),
            "partners": Organisation.objects.active(),
        },
    )


@never_cache
@require_safe
def healthz(request):
    """200 when the database, the cache and the media storage answer; 503 naming each part that failed."""
    from klocket import health

    results = health.run_checks()
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)


@permissions.staff_required
@require_safe
def staff_home(request):
    organisations = permissions.editable_organisations(request.user)
    is_coordinator = permissions.is_coordinator(request.user)
    new_feedback = 0
    if is_coordinator:
        from about.models import AccessibilityFeedback, FeedbackStatus

        new_feedback = AccessibilityFeedback.objects.filter(status=FeedbackStatus.RECEIVED).count()
    return render(
        request,
        "staff/home.html",
        {
            "roles": permissions.role_labels(request.user),
            "organisations": organisations,
            "is_coordinator": is_coordinator,
            "is_steering_group": permissions.is_steering_group(request.user),
            "new_feedback": new_feedback,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"title": _("Page not found")}, status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("500.html").render({}))


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@never_cache
@require_safe
def admin_login(request):
    """The admin's login page: the portal's own (two-step) login for visitors.

    A logged-in user the admin does not let in (partner staff, who have no admin access) gets
    a "no access" page; sending them to the login, which sends logged-in users back to the
    admin, would loop between redirects.
    """
    from django.contrib import admin
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or reverse("admin:index"))
    if admin.site.has_permission(request):
        return redirect(next_url or "admin:index")
    return render(
        request,
        "admin_no_access.html",
        {"has_staff_pages": permissions.has_any_role(request.user)},
        status=403,
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@require_safe
def switch_language(request, code):
    """Remember the visitor's language in a cookie and go back to the page they were on.

    A plain link (GET) rather than Django's POST-only set_language, so public pages need no
    CSRF token and stay cacheable, and the switcher works without JavaScript.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
