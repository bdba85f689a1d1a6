"""Permission matrix cases for the goals pages (see test_permission_matrix.py).

The dashboard, goal pages, report and exports are for the steering group, coordinators and
administrators; entering figures is for the steering group and administrators. Residents,
outsiders and partner staff get 404; anonymous visitors go to the login page. The summary
and the survey are public.
"""

from django.urls import reverse

from tests.test_permission_matrix import PUBLIC

VIEWERS = {
    "anonymous": 302,
    "outsider": 404,
    "partner_a": 404,
    "partner_b": 404,
    "coordinator": 200,
    "steering": 200,
    "superuser": 200,
}
EDITORS = {**VIEWERS, "coordinator": 404}
EDITORS_POST_ONLY = {**EDITORS, "steering": 405, "superuser": 405}

CASES = {
    "goals-public": (lambda f: reverse("goals-public"), PUBLIC),
    "goals-survey": (lambda f: reverse("goals-survey"), PUBLIC),
    "goals-survey-thanks": (lambda f: reverse("goals-survey-thanks"), PUBLIC),
    "goals-dashboard": (lambda f: reverse("goals-dashboard"), VIEWERS),
    "goals-goal": (lambda f: reverse("goals-goal", args=[1]), VIEWERS),
    "goals-report": (lambda f: reverse("goals-report"), VIEWERS),
    "goals-report-pdf": (lambda f: reverse("goals-report-pdf"), VIEWERS),
    "goals-export-csv": (lambda f: reverse("goals-export-csv"), VIEWERS),
    "goals-export-xlsx": (lambda f: reverse("goals-export-xlsx"), VIEWERS),
    "goals-waves": (lambda f: reverse("goals-waves"), VIEWERS),
    "goals-measurement-add": (lambda f: reverse("goals-measurement-add"), EDITORS),
    "goals-reference": (lambda f: reverse("goals-reference"), EDITORS),
    "goals-wave-record": (lambda f: reverse("goals-wave-record", args=[1]), EDITORS_POST_ONLY),
}
