"""Permission matrix cases for the public calendar pages (see test_permission_matrix.py)."""

from django.urls import reverse

from tests.test_permission_matrix import PUBLIC

CASES = {
    "calendar": (lambda f: reverse("calendar"), PUBLIC),
    "occurrence-detail": (lambda f: f("occurrence").get_absolute_url(), PUBLIC),
    "calendar-month": (lambda f: reverse("calendar-month", args=[2026, 11]), PUBLIC),
    "calendar-week": (lambda f: reverse("calendar-week", args=[2026, 48]), PUBLIC),
    "calendar-day": (lambda f: reverse("calendar-day", args=[2026, 11, 27]), PUBLIC),
}
