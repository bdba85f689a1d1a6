"""Permission matrix cases for Rosetta (/oversattning/), the translators' catalogue editor.

Only translators (group Översättare, tested in tests/test_languages.py) and superusers may
open it; everyone else is sent to the login page (ROSETTA_ACCESS_CONTROL_FUNCTION).
"""

from django.urls import reverse

from tests.conftest import ROLES
from tests.test_permission_matrix import REDIRECT

TRANSLATORS_ONLY = {**dict.fromkeys(ROLES, 302), "superuser": 200}

CASES = {
    # Both only redirect to the file list, which then asks who you are.
    "rosetta-old-home-redirect": (lambda f: reverse("rosetta-old-home-redirect"), REDIRECT),
    "rosetta-file-list-redirect": (lambda f: reverse("rosetta-file-list-redirect"), REDIRECT),
    "rosetta-file-list": (lambda f: reverse("rosetta-file-list", args=["project"]), TRANSLATORS_ONLY),
    "rosetta-form": (lambda f: reverse("rosetta-form", args=["project", "so", 0]), TRANSLATORS_ONLY),
    "rosetta-download-file": (lambda f: reverse("rosetta-download-file", args=["project", "so", 0]), TRANSLATORS_ONLY),
    "rosetta.translate_text": (lambda f: reverse("rosetta.translate_text"), TRANSLATORS_ONLY),
}
