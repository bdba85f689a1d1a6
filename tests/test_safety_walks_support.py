"""Factories and fixtures for the safety-walk tests (no tests here; imported by test_safety_walks_*)."""

import datetime as dt

import pytest

from safety_walks import services
from safety_walks.models import Deficiency, ResidentReport, SafetyWalk, Status
from tests import images

FIRST_WALK = dt.date(2020, 9, 11)
NEXT_WALK = dt.date(2020, 9, 21)


def make_walk(area, date=FIRST_WALK, **fields) -> SafetyWalk:
    return SafetyWalk.objects.create(area=area, date=date, **fields)


def make_deficiency(walk, *, party=None, photo=None, photo_public=False, **fields) -> Deficiency:
    values = {"category": "lighting", "place": "Gångvägen vid lekplatsen", "description": "Lampan är trasig."}
    values.update(fields)
    return services.add_deficiency(
        walk=walk, user=None, responsible_party=party, photo=photo, photo_public=photo_public, **values
    )


def advance(deficiency, *statuses, on=None, user=None) -> Deficiency:
    """Move a deficiency along the workflow, one step per status."""
    for status in statuses:
        deficiency = services.change_status(
            deficiency=deficiency,
            to_status=status,
            user=user,
            on=on or deficiency.found_on,
            note="Öppnas igen." if status == Status.ACCEPTED and deficiency.status == Status.FIXED else "",
            decline_reason="Ingen budget." if status == Status.DECLINED else "",
        )
    return deficiency


def handed_to(area, organisation, *, date=FIRST_WALK, **fields) -> Deficiency:
    walk = SafetyWalk.objects.filter(area=area, date=date).first() or make_walk(area, date)
    return advance(make_deficiency(walk, party=organisation, **fields), Status.HANDED_OVER)


def make_report(area, **fields) -> ResidentReport:
    values = {
        "category": "lighting",
        "place": "Cykelstället bakom Idrottens hus",
        "description": "Helt mörkt på kvällen.",
        "contact": "anna.reporter@example.org",
    }
    values.update(fields)
    return ResidentReport.objects.create(area=area, **values)


def camera_photo():
    return images.jpeg_with_gps("camera.jpg", size=(2400, 1800))


@pytest.fixture
def media(settings, tmp_path):
    """Stored photos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
