"""Permission matrix cases for the public calendar pages (see test_permission_matrix.py)."""

from django.urls import reverse

from tests.test_permission_matrix import PUBLIC

CASES = {
    "calendar": (lambda f: reverse("calendar"), PUBLIC),
    "occurrence-detail": (lambda f: f("occurrence").get_absolute_url(), PUBLIC),
}
