"""Permission matrix cases for two-factor login (see test_permission_matrix.py)."""

from django.urls import reverse

from tests.test_permission_matrix import LOGGED_IN, REDIRECT

CASES = {
    "login-verify": (lambda f: reverse("login-verify"), REDIRECT),  # no password step yet: back to login
    "two-factor": (lambda f: reverse("two-factor"), LOGGED_IN),
    # Visitors go to the portal's login, staff to the admin; logged-in users without admin access
    # get "no access" (sending them to the login would loop: it sends logged-in users back).
    "admin-login": (
        lambda f: reverse("admin-login"),
        {**REDIRECT, "outsider": 403, "partner_a": 403, "partner_b": 403},
    ),
}
