"""Permission matrix cases for the admin's change lists: filters, search and sorting by role.

A lookup in the query string on a field outside the admin's list filters answers 400 for every
role, so which rows a hidden value would list can never be probed (the residents' contact on
reports: ``?contact__startswith=h``). Search and sorting stay to what the role can see.
"""

from django.urls import reverse

from tests.test_permission_matrix import ADMIN

REPORTS = "admin:safety_walks_residentreport_changelist"
REFUSED = {**ADMIN, "coordinator": 400, "steering": 400, "superuser": 400}


def reports(query):
    return lambda f: reverse(REPORTS) + "?" + query


CASES = {
    f"{REPORTS}?contact__startswith": (reports("contact__startswith=h"), REFUSED),
    f"{REPORTS}?contact": (reports("contact=anna.reporter%40example.org"), REFUSED),
    f"{REPORTS}?deficiency__reports__contact": (reports("deficiency__reports__contact__startswith=a"), REFUSED),
    f"{REPORTS}?description__contains": (reports("description__contains=m"), REFUSED),
    f"{REPORTS}?status__exact": (reports("status__exact=received"), ADMIN),
    f"{REPORTS}?category__exact": (reports("category__exact=lighting"), ADMIN),
    f"{REPORTS}?q": (reports("q=anna"), ADMIN),
    f"{REPORTS}?o": (reports("o=-5.1"), ADMIN),
    "admin:activities_occurrence_changelist?start__year": (
        lambda f: reverse("admin:activities_occurrence_changelist") + "?start__year=2026&start__month=3",
        ADMIN,
    ),
    "admin:activities_activity_changelist?created_by__email": (
        lambda f: reverse("admin:activities_activity_changelist") + "?created_by__email__startswith=c",
        REFUSED,
    ),
    "admin:safety_walks_deficiency_changelist?area__id__exact": (
        lambda f: reverse("admin:safety_walks_deficiency_changelist") + f"?area__id__exact={f('area').pk}",
        ADMIN,
    ),
}
