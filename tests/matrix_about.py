"""Permission matrix cases for the pages about the portal (public) and its admin (coordinators).

The easy-to-read page, the accessibility statement and its feedback form, the privacy and
cookie notices are open to everyone. Accessibility feedback (with the sender's contact) is for
coordinators and administrators only; the steering group gets the admin's no-access page. A
lookup outside the list filters answers 400, so a contact cannot be probed letter by letter.
"""

from django.urls import reverse

from tests.test_permission_matrix import ADMIN, PUBLIC

COORDINATORS = {**ADMIN, "steering": 403}
REFUSED = {**COORDINATORS, "coordinator": 400, "superuser": 400}
FEEDBACK = "admin:about_accessibilityfeedback_changelist"

CASES = {
    "about-easy-read": (lambda f: reverse("about-easy-read"), PUBLIC),
    "about-accessibility": (lambda f: reverse("about-accessibility"), PUBLIC),
    "about-feedback": (lambda f: reverse("about-feedback"), PUBLIC),
    "about-feedback-thanks": (lambda f: reverse("about-feedback-thanks"), PUBLIC),
    "about-privacy": (lambda f: reverse("about-privacy"), PUBLIC),
    "about-cookies": (lambda f: reverse("about-cookies"), PUBLIC),
    FEEDBACK: (lambda f: reverse(FEEDBACK), COORDINATORS),
    f"{FEEDBACK}?status__exact": (lambda f: reverse(FEEDBACK) + "?status__exact=received", COORDINATORS),
    f"{FEEDBACK}?contact__startswith": (lambda f: reverse(FEEDBACK) + "?contact__startswith=a", REFUSED),
    "admin:about_sitesettings_changelist": (lambda f: reverse("admin:about_sitesettings_changelist"), COORDINATORS),
}
