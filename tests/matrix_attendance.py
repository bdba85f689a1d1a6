"""Permission matrix cases for the attendance pages (see test_permission_matrix.py).

Object pages use data of organisation A (the ``activity`` fixture and a study circle built
here): partner staff of organisation B get 404 on tallies, participant lists, certificates
and exports, like every role without access. The steering group reviews goals, not lists.
"""

from django.urls import reverse

from tests.test_attendance_helpers import circle_with_presence, first_participant, held_today

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


def _circle(f):
    circle, _people = circle_with_presence(f("organisation_a"), f("venue"))
    return circle


def _circle_url(name, *extra):
    def make(f):
        circle = _circle(f)
        args = [circle.pk]
        for kind in extra:
            if kind == "participant":
                args.append(first_participant(circle).pk)
            elif kind == "session":
                args.append(circle.occurrences.order_by("start").first().pk)
        return reverse(name, args=args)

    return make


def _export(name, query):
    return lambda f: reverse(name) + query.format(slug=f("organisation_a").slug)


CASES = {
    "attendance-today": (lambda f: reverse("attendance-today"), STAFF_PAGE),
    "attendance-tally": (
        lambda f: reverse("attendance-tally", args=[held_today(f("activity")).pk]),
        ORGANISATION_A_OBJECT,
    ),
    "attendance-circles": (lambda f: reverse("attendance-circles"), STAFF_PAGE),
    "attendance-circle": (_circle_url("attendance-circle"), ORGANISATION_A_OBJECT),
    "attendance-participant-add": (_circle_url("attendance-participant-add"), ORGANISATION_A_OBJECT),
    "attendance-participant-edit": (_circle_url("attendance-participant-edit", "participant"), ORGANISATION_A_OBJECT),
    "attendance-session": (_circle_url("attendance-session", "session"), ORGANISATION_A_OBJECT),
    "attendance-certificate": (_circle_url("attendance-certificate", "participant"), ORGANISATION_A_OBJECT),
    "attendance-certificate-pdf": (_circle_url("attendance-certificate-pdf", "participant"), ORGANISATION_A_OBJECT),
    "attendance-circle-export": (_circle_url("attendance-circle-export"), ORGANISATION_A_OBJECT),
    "attendance-exports": (lambda f: reverse("attendance-exports"), STAFF_PAGE),
    "attendance-export-counts": (
        _export("attendance-export-counts", "?organisation={slug}&fran=2020-01-01&till=2024-12-31&format=csv"),
        ORGANISATION_A_OBJECT,
    ),
    "attendance-export-lok": (
        _export("attendance-export-lok", "?organisation={slug}&ar=2024&halvar=1&format=xlsx"),
        ORGANISATION_A_OBJECT,
    ),
    "attendance-import": (lambda f: reverse("attendance-import"), STAFF_PAGE),
}
