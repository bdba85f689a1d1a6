"""Permission matrix cases for safety walks (see test_permission_matrix.py).

Objects are made on the fly from the shared fixtures: a walk in ``area``, a deficiency handed
over to organisation A (so partner A may see it and partner B may not), a public photo and a
resident's report with a photo.
"""

from django.urls import reverse

from safety_walks.models import Status
from tests.test_permission_matrix import PUBLIC
from tests.test_safety_walks_support import advance, camera_photo, make_deficiency, make_report, make_walk

READERS = {
    "anonymous": 302,
    "outsider": 404,
    "partner_a": 404,
    "partner_b": 404,
    "coordinator": 200,
    "steering": 200,
    "superuser": 200,
}
COORDINATORS = {**READERS, "steering": 404}
PARTY_A = {**READERS, "partner_a": 200}
PARTY_A_CHANGES = {**PARTY_A, "steering": 404}
ANY_ROLE = {"anonymous": 302, "outsider": 404, **dict.fromkeys(["partner_a", "partner_b", "coordinator", "steering", "superuser"], 200)}  # fmt: skip
POST_ONLY = dict.fromkeys(READERS, 405)


def _media(f):
    f("settings").MEDIA_ROOT = f("tmp_path") / "media"


def walk(f):
    """The area's walk; made once, so several cases can share it (tests/e2e/test_layout.py)."""
    from safety_walks.models import SafetyWalk

    return SafetyWalk.objects.filter(area=f("area")).first() or make_walk(f("area"))


def handed_over(f, *, photo=False):
    if photo:
        _media(f)
    deficiency = make_deficiency(
        walk(f), party=f("organisation_a"), photo=camera_photo() if photo else None, photo_public=photo
    )
    return advance(deficiency, Status.HANDED_OVER)


def photo(f):
    return handed_over(f, photo=True).photos.get()


def report(f, *, with_photo=False):
    if with_photo:
        _media(f)
    return make_report(f("area"), photo=camera_photo() if with_photo else "")


CASES = {
    "sw-public-walks": (lambda f: reverse("sw-public-walks"), PUBLIC),
    "sw-public-walk": (lambda f: walk(f).get_public_url(), PUBLIC),
    "sw-public-deficiencies": (lambda f: reverse("sw-public-deficiencies"), PUBLIC),
    "sw-public-deficiency": (lambda f: handed_over(f).get_public_url(), PUBLIC),
    "sw-public-photo": (lambda f: photo(f).public_thumbnail_url, PUBLIC),
    # The form needs an area to file reports under (the portal's set-up makes one).
    "sw-report": (lambda f: f("area") and reverse("sw-report"), PUBLIC),
    "sw-report-status": (lambda f: report(f).get_status_url(), PUBLIC),
    "sw-walks": (lambda f: reverse("sw-walks"), READERS),
    "sw-walk-create": (lambda f: reverse("sw-walk-create"), COORDINATORS),
    "sw-walk": (lambda f: walk(f).get_absolute_url(), READERS),
    "sw-walk-edit": (lambda f: reverse("sw-walk-edit", args=[walk(f).pk]), COORDINATORS),
    "sw-deficiency-add": (lambda f: reverse("sw-deficiency-add", args=[walk(f).pk]), COORDINATORS),
    "sw-checklist": (lambda f: reverse("sw-checklist", args=[walk(f).pk]), COORDINATORS),
    "sw-deficiency": (lambda f: handed_over(f).get_absolute_url(), PARTY_A),
    "sw-deficiency-edit": (lambda f: reverse("sw-deficiency-edit", args=[handed_over(f).pk]), COORDINATORS),
    "sw-deficiency-status": (lambda f: reverse("sw-deficiency-status", args=[handed_over(f).pk]), PARTY_A_CHANGES),
    "sw-photo-add": (lambda f: reverse("sw-photo-add", args=[handed_over(f).pk]), COORDINATORS),
    "sw-photo-visibility": (lambda f: reverse("sw-photo-visibility", args=[photo(f).pk]), POST_ONLY),
    "sw-staff-photo": (lambda f: photo(f).staff_thumbnail_url, PARTY_A),
    "sw-handover": (
        lambda f: reverse("sw-handover", args=[handed_over(f).walk_id, f("organisation_a").slug]),
        PARTY_A,
    ),
    "sw-handover-xlsx": (
        lambda f: reverse("sw-handover-xlsx", args=[handed_over(f).walk_id, f("organisation_a").slug]),
        PARTY_A,
    ),
    "sw-handover-pdf": (
        lambda f: reverse("sw-handover-pdf", args=[handed_over(f).walk_id, f("organisation_a").slug]),
        PARTY_A,
    ),
    "sw-handover-mark": (
        lambda f: reverse("sw-handover-mark", args=[handed_over(f).walk_id, f("organisation_a").slug]),
        COORDINATORS,
    ),
    "sw-followup-index": (lambda f: reverse("sw-followup-index"), ANY_ROLE),
    "sw-followup": (lambda f: reverse("sw-followup", args=[handed_over(f).responsible_party.slug]), PARTY_A),
    "sw-reports": (lambda f: reverse("sw-reports"), COORDINATORS),
    "sw-report-moderate": (lambda f: reverse("sw-report-moderate", args=[report(f).pk]), COORDINATORS),
    "sw-report-photo": (lambda f: reverse("sw-report-photo", args=[report(f, with_photo=True).pk]), COORDINATORS),
}
