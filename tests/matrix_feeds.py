"""Permission matrix cases for the calendar feeds and the sitemap (see test_permission_matrix.py)."""

from django.urls import reverse

from tests.test_permission_matrix import PUBLIC

CASES = {
    "calendar-ics": (lambda f: reverse("calendar-ics"), PUBLIC),
    "occurrence-ics": (lambda f: reverse("occurrence-ics", args=[f("occurrence").pk]), PUBLIC),
    "calendar-rss": (lambda f: reverse("calendar-rss"), PUBLIC),
    "calendar-atom": (lambda f: reverse("calendar-atom"), PUBLIC),
    "sitemap": (lambda f: reverse("sitemap"), PUBLIC),
}
