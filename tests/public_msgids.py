"""Which of our catalogue's strings the public pages use: render them and record every lookup.

Used by tests/test_public_translations.py (every public string translated in every offered
language) and by `python -m tests.public_msgids` (print them, for translators).
"""

from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation


def public_requests():
    """(method, path, data) of every public page, its forms' error states and the feeds."""
    from activities.models import Occurrence, Organisation, Venue
    from safety_walks.models import Deficiency, ResidentReport, SafetyWalk

    today = timezone.localdate()
    year, week, _ = today.isocalendar()
    occurrence = Occurrence.objects.public().upcoming().order_by("start").first()
    pages = [
        ("get", reverse("home"), None),
        ("get", reverse("calendar"), None),
        ("get", reverse("calendar") + "?sprak=ar", None),
        ("get", reverse("calendar-day", args=[today.year, today.month, today.day]), None),
        ("get", reverse("calendar-week", args=[year, week]), None),
        ("get", reverse("calendar-month", args=[today.year, today.month]), None),
        ("get", reverse("calendar-ics"), None),
        ("get", reverse("calendar-rss"), None),
        ("get", reverse("calendar-atom"), None),
        ("get", reverse("organisation-list"), None),
        ("get", reverse("venue-list"), None),
        ("get", reverse("goals-public"), None),
        ("get", reverse("goals-survey"), None),
        ("post", reverse("goals-survey"), {}),
        ("get", reverse("goals-survey-thanks"), None),
        ("get", reverse("sw-public-walks"), None),
        ("get", reverse("sw-public-deficiencies"), None),
        ("get", reverse("sw-report"), None),
        ("post", reverse("sw-report"), {"description": "", "latitude": "x"}),
        ("get", reverse("sw-report-status", args=["NOPE-0000"]), None),
        ("get", "/no-such-page/", None),
        ("get", reverse("calendar-day", args=[today.year, 13, 40]), None),
    ]
    if occurrence:
        pages += [
            ("get", reverse("occurrence-detail", args=[occurrence.pk]), None),
            ("get", reverse("occurrence-ics", args=[occurrence.pk]), None),
        ]
    for organisation in Organisation.objects.all()[:3]:
        pages.append(("get", organisation.get_absolute_url(), None))
    for venue in Venue.objects.all()[:3]:
        pages.append(("get", venue.get_absolute_url(), None))
    for walk in SafetyWalk.objects.all()[:3]:
        pages.append(("get", reverse("sw-public-walk", args=[walk.pk]), None))
    for report in ResidentReport.objects.all()[:2]:
        pages.append(("get", reverse("sw-report-status", args=[report.reference]), None))
    for deficiency in Deficiency.objects.all()[:3]:
        pages.append(("get", reverse("sw-public-deficiency", args=[deficiency.pk]), None))
    return pages


def record_msgids(language: str, monkeypatch) -> tuple[set[tuple[str | None, str]], list]:
    """Render every public page in ``language``; the (msgctxt, msgid) looked up, and the responses."""
    seen: set[tuple[str | None, str]] = set()
    trans = translation._trans
    real = {name: getattr(trans, name) for name in ("gettext", "ngettext", "pgettext", "npgettext")}

    def gettext(message):
        seen.add((None, str(message)))
        return real["gettext"](message)

    def ngettext(singular, plural, number):
        seen.add((None, str(singular)))
        return real["ngettext"](singular, plural, number)

    def pgettext(context, message):
        seen.add((str(context), str(message)))
        return real["pgettext"](context, message)

    def npgettext(context, singular, plural, number):
        seen.add((str(context), str(singular)))
        return real["npgettext"](context, singular, plural, number)

    for name, function in {
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }.items():
        monkeypatch.setattr(trans, name, function)
    for cache in caches.all():
        cache.clear()
    open_survey_wave()
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    responses = []
    for method, path, data in public_requests():
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
        responses.append((path, response))
    with translation.override(language):
        for template in ERROR_TEMPLATES:
            render_to_string(template)
    return seen, responses


ERROR_TEMPLATES = ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"]


def open_survey_wave():
    """The survey's questions show only while a wave is open: open one for today."""
    from goals.models import SurveyWave

    today = timezone.localdate()
    if not SurveyWave.objects.open_on(today).exists():
        SurveyWave.objects.create(name="Open for the translation test", opens_on=today, closes_on=today)
