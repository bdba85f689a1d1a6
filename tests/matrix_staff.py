"""Permission matrix cases for the staff pages of activities (see test_permission_matrix.py).

The object pages use the ``activity`` and ``occurrence`` fixtures, which belong to
organisation A. POST-only actions answer GET with their confirmation page.
"""

from django.urls import reverse

STAFF_PAGE = {
    "anonymous": 302,
    "outsider": 404,
    "partner_a": 200,
    "partner_b": 200,
    "coordinator": 200,
    "steering": 404,
    "superuser": 200,
}
ORGANISATION_A_OBJECT = {**STAFF_PAGE, "partner_b": 404}

CASES = {
    # A draft's image: staff who may edit the activity; a public activity's image is for anyone.
    "activity-image": (
        lambda f: f("draft_activity_image"),
        {
            "anonymous": 404,
            "outsider": 404,
            "partner_a": 200,
            "partner_b": 404,
            "coordinator": 200,
            "steering": 404,
            "superuser": 200,
        },
    ),
    "staff-activities": (lambda f: reverse("staff-activities"), STAFF_PAGE),
    "staff-activity-create": (lambda f: reverse("staff-activity-create"), STAFF_PAGE),
    "staff-activity-edit": (
        lambda f: reverse("staff-activity-edit", args=[f("activity").pk]),
        ORGANISATION_A_OBJECT,
    ),
    "staff-activity-duplicate": (
        lambda f: reverse("staff-activity-duplicate", args=[f("activity").pk]),
        ORGANISATION_A_OBJECT,
    ),
    "staff-occurrence-edit": (
        lambda f: reverse("staff-occurrence-edit", args=[f("occurrence").pk]),
        ORGANISATION_A_OBJECT,
    ),
    "staff-occurrence-cancel": (
        lambda f: reverse("staff-occurrence-cancel", args=[f("occurrence").pk]),
        ORGANISATION_A_OBJECT,
    ),
}
