"""The interface languages (issue 18): which a site offers, Django's missing locale data for
Somali and Tigrinya, the switcher, right-to-left pages, fonts, review status, Rosetta for
translators and catalogues that reach every worker without a restart."""

import datetime as dt
import importlib
import shutil
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation
from django.utils.dateformat import format as date_format

from klocket import cldr_formats, languages
from klocket.roles import TRANSLATOR
from tests.conftest import make_user

ALL = ["sv", "en", "ar", "fa", "so", "ti"]
OWN_NAMES = {"sv": "Svenska", "en": "English", "ar": "العربية", "fa": "فارسی", "so": "Soomaali", "ti": "ትግርኛ"}


def page(client, path, language):
    client.cookies["django_language"] = language
    return client.get(path).content.decode()


# Which languages a site offers ----------------------------------------------------------------


def test_every_language_is_offered_by_default_swedish_first():
    assert languages.parse_languages("KLOCKET_LANGUAGES", None) == ALL
    assert languages.parse_languages("KLOCKET_LANGUAGES", "") == ALL


def test_a_site_chooses_its_languages_and_swedish_is_always_first():
    assert languages.parse_languages("KLOCKET_LANGUAGES", "en, AR,so") == ["sv", "en", "ar", "so"]
    assert languages.parse_languages("KLOCKET_LANGUAGES", "ti,sv") == ["sv", "ti"]


@pytest.mark.parametrize("value", ["sv,de", "sv,en,en", "sv,ar-eg"])
def test_unknown_or_repeated_languages_stop_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="KLOCKET_LANGUAGES"):
        languages.parse_languages("KLOCKET_LANGUAGES", value)


def test_settings_offer_all_six_and_know_the_right_to_left_ones(settings):
    assert [code for code, _name in settings.LANGUAGES] == ALL
    assert set(settings.LANGUAGES_BIDI) >= {"ar", "fa"}


# Django's missing locale data for Somali and Tigrinya ------------------------------------------


@pytest.mark.parametrize("code", ALL)
def test_every_language_has_its_name_in_its_own_script(code):
    info = translation.get_language_info(code)
    assert info["name_local"] == OWN_NAMES[code]
    assert info["bidi"] == (code in {"ar", "fa"})


@pytest.mark.parametrize("code", ["so", "ti"])
def test_somali_and_tigrinya_formats_are_cldrs(code):
    module = importlib.import_module(f"klocket.formats.{code}.formats")
    for name, value in cldr_formats.formats_for(code).items():
        assert getattr(module, name) == value, f"{code}: {name} differs from CLDR; run python -m klocket.cldr_formats"
    with translation.override(code):
        assert formats.get_format("DATE_FORMAT") == module.DATE_FORMAT


def test_ldml_patterns_become_django_formats():
    assert cldr_formats.django_format("MMMM d, y") == "F j, Y"
    assert cldr_formats.django_format("d‏/M‏/y") == "j‏/n‏/Y"
    assert cldr_formats.django_format("EEEE 'kl'. HH:mm") == "l \\k\\l. H:i"


@pytest.mark.parametrize(
    ("code", "month", "weekday"),
    [("so", "Maarso", "Arbaco"), ("ti", "መጋቢት", "ረቡዕ"), ("ar", "مارس", "الأربعاء"), ("sv", "mars", "onsdag")],
)
def test_month_and_weekday_names_in_the_readers_language(code, month, weekday):
    wednesday = dt.date(2026, 3, 4)
    with translation.override(code):
        assert month in date_format(wednesday, "F")
        assert date_format(wednesday, "l").lower() == weekday.lower()
        assert formats.date_format(wednesday, "DATE_FORMAT")


# The switcher ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_switcher_names_each_language_in_its_own_script_with_lang_and_dir(client):
    body = page(client, reverse("home"), "sv")
    assert '<span class="current-language" lang="sv" dir="ltr" aria-current="true">Svenska</span>' in body
    for code in ["ar", "fa"]:
        assert f'lang="{code}" dir="rtl" hreflang="{code}">{OWN_NAMES[code]}</a>' in body
    for code in ["en", "so", "ti"]:
        assert f'lang="{code}" dir="ltr" hreflang="{code}">{OWN_NAMES[code]}</a>' in body


@pytest.mark.django_db
def test_switcher_keeps_the_page_and_its_query_string(client):
    body = page(client, reverse("calendar") + "?plats=kunskapens-hus&form=x", "sv")
    assert reverse("switch-language", args=["so"]) + "?next=/kalender/%3Fform%3Dx%26plats%3Dkunskapens-hus" in body
    response = client.get(reverse("switch-language", args=["so"]) + "?next=/kalender/%3Fplats%3Dkunskapens-hus")
    assert response["Location"] == "/kalender/?plats=kunskapens-hus"
    assert response.cookies["django_language"].value == "so"
    assert '<html lang="so" dir="ltr">' in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["xx", "", "zz-ar", "<script>", "ti" * 200])
def test_unknown_language_cookie_or_query_falls_back_to_swedish(client, value):
    client.cookies["django_language"] = value
    response = client.get(reverse("home") + "?lang=" + value[:20])
    assert response.status_code == 200
    assert '<html lang="sv" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_a_language_the_site_does_not_offer_falls_back_to_swedish(client, settings):
    settings.LANGUAGES = [("sv", "Svenska"), ("en", "English")]
    body = page(client, reverse("home"), "ar")
    assert '<html lang="sv" dir="ltr">' in body
    assert "العربية" not in body
    assert client.get(reverse("switch-language", args=["ar"])).status_code == 404


# Right to left and fonts ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("code", ALL)
def test_html_lang_and_dir_and_the_bootstrap_of_that_direction(client, code):
    body = page(client, reverse("home"), code)
    rtl = code in {"ar", "fa"}
    assert f'<html lang="{code}" dir="{"rtl" if rtl else "ltr"}">' in body
    assert ("bootstrap.rtl.min.css" in body) == rtl
    assert ("bootstrap.min.css" in body) == (not rtl)
    assert "css/fonts.css" in body


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "so"])
def test_error_pages_carry_lang_and_dir(client, code):
    response = client.get("/finns-inte/", HTTP_COOKIE=f"django_language={code}")
    body = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in body


def test_fonts_are_vendored_with_their_licence_and_declared_by_unicode_range():
    root = Path(__file__).resolve().parent.parent / "static"
    css = (root / "css" / "fonts.css").read_text()
    for family, folder in [("Noto Sans Arabic", "noto-sans-arabic"), ("Noto Sans Ethiopic", "noto-sans-ethiopic")]:
        assert f'font-family: "{family}"' in css
        assert (
            "OFL" in (root / "vendor" / "fonts" / folder / "LICENSE").read_text()
            or "Open Font" in (root / "vendor" / "fonts" / folder / "LICENSE").read_text()
        )
    for url in __import__("re").findall(r'url\("\.\./([^"]+)"\)', css):
        assert (root / url).stat().st_size > 10_000, url
    assert "U+1200-1399" in css and "U+0600-06FF" in css
    assert "http" not in css  # no CDN
    assert (root / "vendor" / "bootstrap" / "bootstrap.rtl.min.css").exists()


def test_site_css_uses_logical_properties_only():
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "klocket.css").read_text()
    import re

    physical = re.findall(
        r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\s*:|(?<![\w-])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert not physical, physical


# Review status ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "note"), [
    ("ar", "ترجمة بمساعدة آلية"),
    ("fa", "ترجمه با کمک ماشین"),
    ("so", "Turjumaad mashiin"),
    ("ti", "ብማሽን ዝተሓገዘ ትርጉም"),
])  # fmt: skip
def test_the_footer_says_an_unreviewed_catalogue_is_machine_assisted(client, code, note):
    assert languages.review_status(code) == "unreviewed"
    assert note in page(client, reverse("home"), code)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sv", "en"])
def test_reviewed_catalogues_carry_no_note(client, code):
    assert languages.review_status(code) == "reviewed"
    body = page(client, reverse("home"), code)
    assert "translation-status" not in body


@pytest.mark.django_db
def test_the_note_goes_once_the_header_says_reviewed(client, settings, tmp_path):
    shutil.copytree(settings.LOCALE_PATHS[0], tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    po_path = tmp_path / "locale" / "so" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    catalogue.metadata["X-Review-Status"] = "reviewed"
    catalogue.save(str(po_path))
    assert languages.review_status("so") == "reviewed"
    assert "Turjumaad mashiin" not in page(client, reverse("home"), "so")


# Query counts do not depend on the language ----------------------------------------------------


@pytest.mark.django_db
def test_public_pages_make_as_many_queries_in_every_language(client, occurrence):
    paths = [
        reverse("home"),
        reverse("calendar"),
        occurrence.get_absolute_url(),
        reverse("venue-list"),
        reverse("organisation-list"),
        reverse("sw-report"),
        reverse("goals-survey"),
    ]
    counts = {}
    for code in ALL:
        counts[code] = []
        for path in paths:
            cache.clear()
            client.cookies["django_language"] = code
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[code].append(len(queries))
    assert all(counts[code] == counts["sv"] for code in ALL), counts


# Rosetta for translators ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_translator_role_exists():
    assert Group.objects.filter(name=TRANSLATOR).exists()
    assert importlib.import_module("klocket.migrations.0003_translator_role").TRANSLATOR == TRANSLATOR


@pytest.mark.django_db
def test_rosetta_is_for_translators_and_superusers_only(client, django_user_model, users):
    translator = make_user(django_user_model, "translator", group=TRANSLATOR)
    url = reverse("rosetta-file-list", kwargs={"po_filter": "project"})
    client.force_login(translator)
    response = client.get(url)
    assert response.status_code == 200
    assert "locale/so/LC_MESSAGES/django.po" in response.content.decode() or "Soomaali" in response.content.decode()
    client.force_login(users["superuser"])
    assert client.get(url).status_code == 200
    for role in ["coordinator", "partner_a", "steering", "outsider"]:
        client.force_login(users[role])
        assert client.get(url).status_code in {302, 403}, role
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_a_translator_sees_no_staff_pages(client, django_user_model):
    client.force_login(make_user(django_user_model, "translator", group=TRANSLATOR))
    assert client.get(reverse("staff-home")).status_code in {302, 403, 404}


# A saved catalogue reaches the worker without a restart ----------------------------------------


@pytest.mark.django_db
def test_a_recompiled_catalogue_is_used_at_the_next_request(client, settings, tmp_path):
    shutil.copytree(settings.LOCALE_PATHS[0], tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    translation.trans_real._translations = {}
    body = page(client, reverse("home"), "so")
    assert "Jadwalka" in body
    po_path = tmp_path / "locale" / "so" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    catalogue.find("Calendar").msgstr = "Jadwalka-cusub"
    catalogue.save(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))  # what Rosetta does on save
    cache.clear()  # cached pages keep the old text until they expire (docs/deploy.md)
    assert "Jadwalka-cusub" in page(client, reverse("home"), "so")


@pytest.mark.django_db
def test_a_translator_saves_through_rosetta_and_the_page_shows_it(client, settings, tmp_path, django_user_model):
    import hashlib

    shutil.copytree(settings.LOCALE_PATHS[0], tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    po_path = tmp_path / "locale" / "so" / "LC_MESSAGES" / "django.po"
    entry = polib.pofile(str(po_path)).find("Calendar")
    field = "m_" + hashlib.md5((entry.msgid + entry.msgstr + (entry.msgctxt or "")).encode()).hexdigest()
    from rosetta.poutil import find_pos
    from rosetta.views import get_app_name

    # Rosetta lists the project's own locale/ too: edit the copy, never the repository's file.
    paths = sorted(find_pos("so", project_apps=True), key=get_app_name)
    index = next(i for i, path in enumerate(paths) if Path(path).resolve() == po_path.resolve())
    client.force_login(make_user(django_user_model, "translator", group=TRANSLATOR))
    url = reverse("rosetta-form", args=["project", "so", index])
    assert client.get(url).status_code == 200
    response = client.post(url, {field: "Jadwalka-rosetta"})
    assert response.status_code == 302
    assert polib.pofile(str(po_path)).find("Calendar").msgstr == "Jadwalka-rosetta"
    assert polib.mofile(str(po_path.with_suffix(".mo"))).find("Calendar").msgstr == "Jadwalka-rosetta"
    client.logout()
    cache.clear()
    assert "Jadwalka-rosetta" in page(client, reverse("home"), "so")
