"""Dates read as people write them in each language (issue #14): Swedish month and weekday names
are lower case ("mån 7 december 2026", not "mån 7 Dec 2026"); every human date format is named
in one place, klocket/formats/<language>/formats.py (FORMAT_MODULE_PATH)."""

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from activities.models import Occurrence
from goals.periods import Period

# Formats for machines and compact grids, the same in every language.
LITERAL_FORMATS = {"Y-m-d", "Y-m-d H:i", "c", "Ymd", "H:i", "j/n", "D j/n H:i", "D", "l"}
ZONE = timezone.get_default_timezone()


def module_formats(language: str) -> dict[str, str]:
    module = importlib.import_module(f"klocket.formats.{language}.formats")
    return {name: value for name, value in vars(module).items() if name.endswith("_FORMAT")}


def formats_used() -> set[str]:
    root = Path(settings.BASE_DIR)
    used = set()
    for path in (root / "templates").rglob("*"):
        if path.is_file():
            used |= set(re.findall(r"""\|date:["']([^"']*)["']""", path.read_text()))
    for app in ["activities", "goals", "safety_walks", "klocket"]:
        for path in (root / app).rglob("*.py"):
            used |= set(re.findall(r"""date_format\([^,()]+, ["']([^"']*)["']\)""", path.read_text()))
    return used


def test_every_language_names_the_same_formats():
    names = {language: set(module_formats(language)) for language, _name in settings.LANGUAGES}
    assert len(set(map(frozenset, names.values()))) == 1, names


def test_templates_and_code_use_named_formats_only():
    named = set(module_formats(settings.LANGUAGE_CODE))
    assert formats_used() - named - LITERAL_FORMATS == set()


def test_swedish_formats_never_capitalise_month_names():
    assert not [value for value in module_formats("sv").values() if "M" in value.replace("MONTH", "")]


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("sv", "DATE_FORMAT", "7 december 2026"),
        ("en", "DATE_FORMAT", "7 December 2026"),
        ("sv", "SHORT_WEEKDAY_DATETIME_FORMAT", "mån 7 december 2026, 18:30"),
        ("en", "SHORT_WEEKDAY_DATETIME_FORMAT", "Mon 7 Dec 2026, 18:30"),
        ("sv", "WEEKDAY_DATE_FORMAT", "måndag 7 december 2026"),
        ("en", "WEEKDAY_DATE_FORMAT", "Monday 7 December 2026"),
        ("sv", "DATETIME_FORMAT", "7 december 2026, 18:30"),
        ("en", "MONTH_DAY_FORMAT", "7 December"),
    ],
)
def test_named_formats_in_both_languages(language, name, expected):
    with translation.override(language):
        assert date_format(dt.datetime(2026, 12, 7, 18, 30), name) == expected


@pytest.mark.parametrize(("language", "expected"), [("sv", "okt\n2020"), ("en", "Oct\n2020")])
def test_chart_month_labels(language, expected):
    with translation.override(language):
        assert Period.month(2020, 10).short_label == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "wrong"),
    [("sv", "Mån 7 december 2026, 16:00", "Dec"), ("en", "Mon 7 Dec 2026, 16:00", "Dec.")],
)
def test_staff_date_list_in_both_languages(client_for, activity, language, expected, wrong):
    start = dt.datetime(2026, 12, 7, 16, tzinfo=ZONE)
    Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=2))
    page = client_for("partner_a").get(
        reverse("staff-activity-edit", args=[activity.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    html = page.content.decode()
    assert expected in html
    if language == "sv":
        assert wrong not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "<h1>Måndag 7 december 2026</h1>"), ("en", "<h1>Monday 7 December 2026</h1>")]
)
def test_a_date_that_starts_a_heading_is_capitalised(client, language, heading):
    html = client.get(reverse("calendar-day", args=[2026, 12, 7]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html
