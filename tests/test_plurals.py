"""Counts shown with a noun take its singular for one ("1 brist", not "1 brister"), in Swedish
and English (issue #14): ngettext and {% blocktranslate count %}."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from activities import attendance_selectors as selectors
from activities.models import Gender, ParticipantRole
from goals import formatting
from goals.models import Unit
from tests.test_attendance_circles import circle_of
from tests.test_attendance_helpers import add_people
from tests.test_safety_walks_support import make_walk
from tests.test_safety_walks_support import media as media  # the fixture


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            [
                "1 person på listan, ledaren inräknad: en studiecirkel behöver minst 3.",
                "1 träff planerad: en studiecirkel behöver minst 3.",
                "1 studietimme planerad: en studiecirkel behöver minst 9.",
            ],
        ),
        (
            "en",
            [
                "1 person on the list, leader included: a study circle needs at least 3.",
                "1 session planned: a study circle needs at least 3.",
                "1 study hour planned: a study circle needs at least 9.",
            ],
        ),
    ],
)
def test_circle_warnings_for_one(organisation_a, venue, language, expected):
    circle, _sessions = circle_of(organisation_a, venue, [(dt.date(2027, 3, 1), 18, 60)])
    add_people(circle, [("Ledaren", 1970, Gender.MALE, ParticipantRole.LEADER)])
    with translation.override(language):
        warnings = selectors.circle_report(circle).warnings
    for sentence in expected:
        assert sentence in warnings


@pytest.mark.parametrize(
    ("language", "one", "fraction", "many"),
    [("sv", "1 dag", "1,0 dagar", "12 dagar"), ("en", "1 day", "1.0 days", "12 days")],
)
def test_days_take_the_singular_only_for_a_whole_one(language, one, fraction, many):
    """Days are shown with a decimal below 10 ("1,0 dagar", plural like any fraction)."""
    with translation.override(language):
        assert ngettext("%(days)s day", "%(days)s days", formatting.plural_count(1, "1")) % {"days": 1} == one
        assert formatting.format_value(1, Unit.DAYS) == fraction
        assert formatting.format_value(12, Unit.DAYS) == many


@pytest.mark.parametrize(
    ("value", "text", "count"), [(1, "1", 1), (1, "1,0", 2), (1.5, "1.5", 2), (1234, "1\u00a0234", 1234)]
)
def test_plural_count_follows_the_number_shown(value, text, count):
    assert formatting.plural_count(value, text) == count


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("sv", "1 person."), ("en", "1 person.")])
def test_public_walk_page_with_one_participant(client, area, media, language, expected):
    walk = make_walk(area, residents=1)
    body = client.get(walk.get_public_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<dd>{expected}</dd>" in body
