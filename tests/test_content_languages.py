"""Content in several languages: what staff write in each language and what a reader gets.

The site's languages are ``settings.LANGUAGES``; these tests add Arabic and Persian (the two
right-to-left ones, whose locale data Django ships) to it, as the residents' languages will be.
"""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import get_language_info
from icalendar import Calendar

from activities.models import Activity, FeedEntry
from activities.staff_forms import ActivityStaffForm
from klocket import content_languages
from tests.test_staff_activities import CREATE_URL, NOW, admin_activity_data, edit_url, form_data

ARABIC = get_language_info("ar")["name_local"]  # the name in its own script (klocket/languages.py)

LANGUAGES = [("sv", "Swedish"), ("en", "English"), ("ar", "Arabic"), ("fa", "Persian")]
AR = {"HTTP_ACCEPT_LANGUAGE": "ar"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TITLE_AR = "مساعدة في الواجبات المدرسية"
SUMMARY_EN = "Help with homework for schoolchildren."

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("residents_languages")]


@pytest.fixture
def residents_languages():
    with override_settings(LANGUAGES=LANGUAGES):
        yield


@pytest.fixture
def translated(activity, occurrence):
    """Läxhjälp with an Arabic title (no Arabic summary) and an English summary (no English title)."""
    activity.i18n = {"title_ar": TITLE_AR, "summary_en": SUMMARY_EN}
    activity.save()
    return activity


def event_page(client, occurrence, **headers) -> str:
    response = client.get(occurrence.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def ics(client, url, **headers) -> Calendar:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def vevent(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


# The rule -----------------------------------------------------------------------------------------


def test_the_text_in_the_readers_language_else_swedish_marked_as_such(translated):
    title = content_languages.translated(translated, "title", "ar")
    summary = content_languages.translated(translated, "summary", "ar")
    assert (title.text, title.lang, title.is_fallback) == (TITLE_AR, "ar", False)
    assert (summary.text, summary.lang, summary.is_fallback) == ("Hjälp med läxorna för skolbarn.", "sv", True)
    assert str(summary.attrs) == 'lang="sv" dir="ltr"'
    assert str(title.attrs) == 'dir="auto"'
    # Swedish readers get the Swedish text, which is no fallback for them.
    assert not content_languages.translated(translated, "title", "sv").is_fallback


@pytest.mark.parametrize(
    ("code", "expected"),
    [("xx", "sv"), ("zz-ar", "sv"), ("<script>", "sv"), ("sv-SE", "sv"), ("AR", "ar"), ("ar-EG", "ar"), ("fa", "fa")],
)
def test_an_unknown_language_is_swedish_and_a_regional_one_its_language(code, expected):
    assert content_languages.reader_language(code) == expected


def test_a_language_without_django_locale_data_is_named_in_its_own_script():
    # Django has no locale data for Tigrinya; the portal's LANG_INFO (klocket/languages.py) names it.
    with override_settings(LANGUAGES=[*LANGUAGES, ("ti", "Tigrinya")]):
        assert content_languages.language_name("ti") == "ትግርኛ"
        assert content_languages.language_name("ar") == ARABIC
        assert content_languages.other_languages() == ["en", "ar", "fa", "ti"]


def test_blank_translations_are_not_a_language(activity):
    activity.i18n = {"title_en": "   "}
    assert content_languages.described_in(activity) == ["sv"]
    assert content_languages.translated(activity, "title", "en").is_fallback


# Pages --------------------------------------------------------------------------------------------


def test_event_page_in_arabic_marks_the_swedish_fallback(client, translated, occurrence):
    page = event_page(client, occurrence, **AR)
    assert f'<h1 dir="auto">{TITLE_AR}</h1>' in page
    assert '<p class="lead" lang="sv" dir="ltr">Hjälp med läxorna för skolbarn.</p>' in page
    assert re.search(r'<html[^>]* lang="ar"', page)


def test_event_page_in_english_has_the_english_summary_and_the_swedish_title(client, translated, occurrence):
    page = event_page(client, occurrence, **EN)
    assert '<h1 lang="sv" dir="ltr">Läxhjälp</h1>' in page
    assert f'<p class="lead" dir="auto">{SUMMARY_EN}</p>' in page
    # Which languages the activity is described in, each named in its own language.
    assert "Described in" in page and f'<span lang="ar">{ARABIC}</span>' in page


def test_event_page_json_ld_carries_the_language(client, translated, occurrence):
    def json_ld(headers):
        page = event_page(client, occurrence, **headers)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        return json.loads(block)

    arabic = json_ld(AR)
    assert (arabic["name"], arabic["inLanguage"]) == (TITLE_AR, "ar")
    swedish = json_ld({})
    assert (swedish["name"], swedish["inLanguage"]) == ("Läxhjälp", "sv")


def test_calendar_listing_shows_the_title_and_the_languages(client, translated, occurrence):
    page = client.get(reverse("calendar"), **AR).content.decode()
    assert f"<bdi>{TITLE_AR}</bdi>" in page
    assert f'<span lang="ar">{ARABIC}</span>' in page
    swedish = client.get(reverse("calendar")).content.decode()
    assert "<bdi>Läxhjälp</bdi>" in swedish
    # English has only a summary: the title shows in Swedish, marked so.
    english = client.get(reverse("calendar"), **EN).content.decode()
    assert '<bdi lang="sv" dir="ltr">Läxhjälp</bdi>' in english


def test_mixed_direction_text_is_stored_and_shown_isolated(client, activity, occurrence):
    mixed = "\u200fKLOCKET: درس 3 – Läxhjälp\u200e (ages 7–15)"
    activity.i18n = {"title_ar": mixed}
    activity.save()
    activity.refresh_from_db()
    assert activity.i18n["title_ar"] == mixed
    assert f'<h1 dir="auto">{mixed}</h1>' in event_page(client, occurrence, **AR)
    assert f"<bdi>{mixed}</bdi>" in client.get(reverse("calendar"), **AR).content.decode()


def test_partner_and_venue_descriptions_fall_back_to_swedish(client, organisation_a, venue, activity):
    organisation_a.description = "Vi är hyresgästernas förening."
    organisation_a.i18n = {"description_ar": "نحن جمعية المستأجرين."}
    organisation_a.save()
    venue.description = "Huset vid torget."
    venue.save()
    partner = client.get(organisation_a.get_absolute_url(), **AR).content.decode()
    assert '<div dir="auto"><p>نحن جمعية المستأجرين.</p></div>' in partner
    place = client.get(venue.get_absolute_url(), **AR).content.decode()
    assert '<div lang="sv" dir="ltr"><p>Huset vid torget.</p></div>' in place


# Search -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["الواجبات", "HOMEWORK", "läxhjälp"])
def test_search_finds_the_text_in_any_language(client, translated, occurrence, q):
    page = client.get(reverse("calendar"), {"q": q}).content.decode()
    assert occurrence.get_absolute_url() in page


def test_search_does_not_find_what_is_not_written(client, translated, occurrence):
    assert occurrence.get_absolute_url() not in client.get(reverse("calendar"), {"q": "fotboll"}).content.decode()


# Feeds --------------------------------------------------------------------------------------------


def test_arabic_feed_parses_and_has_the_arabic_title_with_its_language(client, translated, occurrence):
    event = vevent(ics(client, reverse("calendar-ics") + "?lang=ar"))
    assert str(event["SUMMARY"]) == TITLE_AR
    assert event["SUMMARY"].params["LANGUAGE"] == "ar"
    # No Arabic summary: the description is the Swedish one, and says so.
    assert event["DESCRIPTION"].params["LANGUAGE"] == "sv"
    assert "Hjälp med läxorna" in str(event["DESCRIPTION"])


def test_feed_follows_accept_language_without_lang(client, translated, occurrence):
    event = vevent(ics(client, reverse("calendar-ics"), **AR))
    assert (str(event["SUMMARY"]), event["SUMMARY"].params["LANGUAGE"]) == (TITLE_AR, "ar")
    english = vevent(ics(client, reverse("calendar-ics"), **EN))
    assert english["SUMMARY"].params["LANGUAGE"] == "sv"
    assert (str(english["DESCRIPTION"]).split("\n\n")[0], english["DESCRIPTION"].params["LANGUAGE"]) == (
        SUMMARY_EN,
        "en",
    )


@pytest.mark.parametrize("lang", ["xx", "../../etc", "ar\x7f", "' OR 1=1 --", "a" * 300])
def test_unknown_lang_is_swedish_not_an_error(client, translated, occurrence, lang):
    for name in ["calendar-ics", "calendar-rss", "calendar-atom"]:
        response = client.get(reverse(name), {"lang": lang})
        assert response.status_code == 200, name
        assert response["Content-Language"] == "sv"
    event = vevent(ics(client, reverse("calendar-ics"), data={"lang": lang}))
    assert (str(event["SUMMARY"]), event["SUMMARY"].params["LANGUAGE"]) == ("Läxhjälp", "sv")


def test_one_dates_ics_in_arabic(client, translated, occurrence):
    calendar = ics(client, reverse("occurrence-ics", args=[occurrence.pk]) + "?lang=ar")
    assert str(calendar["X-WR-CALNAME"]) == TITLE_AR
    assert str(vevent(calendar)["SUMMARY"]) == TITLE_AR


def test_stored_feed_entries_are_per_language_and_follow_the_translations(client, translated, occurrence):
    url = reverse("calendar-ics")
    assert str(vevent(ics(client, url))["SUMMARY"]) == "Läxhjälp"
    assert str(vevent(ics(client, url + "?lang=ar"))["SUMMARY"]) == TITLE_AR
    entries = FeedEntry.objects.filter(occurrence=occurrence)
    assert entries.count() == 2 and len(set(entries.values_list("context", flat=True))) == 2

    # A changed translation changes the fingerprint: the Arabic entry is written again.
    Activity.objects.filter(pk=translated.pk).update(i18n={"title_ar": "ساعة الواجبات"})
    from django.core.cache import cache

    cache.clear()
    assert str(vevent(ics(client, url + "?lang=ar"))["SUMMARY"]) == "ساعة الواجبات"
    assert str(vevent(ics(client, url))["SUMMARY"]) == "Läxhjälp"


def test_rss_and_atom_in_arabic(client, translated, occurrence):
    rss = ET.fromstring(client.get(reverse("calendar-rss"), {"lang": "ar"}).content)
    assert rss.findtext("channel/language") == "ar"
    assert rss.findtext("channel/item/title").startswith(TITLE_AR)
    atom = ET.fromstring(client.get(reverse("calendar-atom"), {"lang": "ar"}).content)
    assert atom.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").startswith(TITLE_AR)
    english = ET.fromstring(client.get(reverse("calendar-rss"), {"lang": "en"}).content)
    assert SUMMARY_EN in english.findtext("channel/item/description")


# The language changes no query count ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["calendar", "calendar-ics", "calendar-rss", "home", "event"],
)
def test_query_counts_do_not_depend_on_the_language(client, translated, occurrence, url):
    from django.core.cache import cache

    path = occurrence.get_absolute_url() if url == "event" else reverse(url)
    counts = {}
    for lang in ["sv", "ar", "en"]:
        cache.clear()
        FeedEntry.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, HTTP_ACCEPT_LANGUAGE=lang).status_code == 200
        counts[lang] = len(captured.captured_queries)
    assert counts["ar"] == counts["sv"] == counts["en"], counts


# Staff write the translations -----------------------------------------------------------------------


@pytest.fixture
def monday(time_machine):
    """As in tests/test_staff_activities.py: Monday 11 January 2027, so its form's dates are coming."""
    time_machine.move_to(NOW, tick=False)


def test_staff_form_has_a_section_per_language_with_lang_and_dir(client_for, users, translated):
    page = client_for("partner_a").get(edit_url(translated), **EN).content.decode()
    assert re.search(
        r'<details class="border rounded p-3 mb-2" open>\s*<summary class="fw-semibold"><span lang="ar">', page
    )
    assert re.search(r'<input[^>]*name="title_ar"[^>]*>', page)
    title_ar = re.search(r'<input[^>]*name="title_ar"[^>]*>', page).group(0)
    assert 'lang="ar"' in title_ar and 'dir="rtl"' in title_ar and TITLE_AR in title_ar
    persian = re.search(r'<textarea[^>]*name="description_fa"[^>]*>', page).group(0)
    assert 'lang="fa"' in persian and 'dir="rtl"' in persian
    # The Swedish field stays required; the others are optional.
    form = ActivityStaffForm(instance=translated, user=users["partner_a"])
    assert form.fields["title"].required and not form.fields["title_ar"].required


def test_staff_form_saves_translations(client_for, organisation_a, venue, monday):
    data = form_data(
        organisation_a,
        venue,
        title_ar="مقهى اللغة",
        summary_fa="تمرین زبان سوئدی با یک فنجان قهوه.",
        how_to_join_en="Just come.",
        accessibility_ar="",
    )
    response = client_for("partner_a").post(CREATE_URL, data)
    assert response.status_code == 302
    activity = Activity.objects.get(title="Språkcafé")
    assert activity.i18n == {
        "title_ar": "مقهى اللغة",
        "summary_fa": "تمرین زبان سوئدی با یک فنجان قهوه.",
        "how_to_join_en": "Just come.",
    }
    # Emptying a translation removes it; the Swedish title stays required.
    data.update(title_ar="", title="")
    response = client_for("partner_a").post(edit_url(activity), data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.i18n["title_ar"] == "مقهى اللغة"
    data.update(title="Språkcafé")
    assert client_for("partner_a").post(edit_url(activity), data).status_code == 302
    activity.refresh_from_db()
    assert "title_ar" not in activity.i18n and activity.i18n["summary_fa"]


def test_translations_need_the_same_permission(client_for, translated, organisation_a, venue, monday):
    data = form_data(organisation_a, venue, title_ar="تغيير")
    assert client_for("partner_b").post(edit_url(translated), data).status_code == 404
    assert client_for("outsider").post(edit_url(translated), data).status_code in (302, 403, 404)
    translated.refresh_from_db()
    assert translated.i18n["title_ar"] == TITLE_AR


def test_admin_has_a_collapsed_section_per_language_and_saves_it(client_for, organisation_a, venue, monday):
    client = client_for("coordinator")
    page = client.get(reverse("admin:activities_activity_add"), **EN).content.decode()
    assert re.search(r'name="title_ar"[^>]*lang="ar"|lang="ar"[^>]*name="title_ar"', page)
    assert "<details" in page and ARABIC in page
    data = admin_activity_data(organisation_a, venue, title_ar="الواجبات في الإدارة", summary_en="Admin summary")
    data["recurrences-TOTAL_FORMS"] = "0"
    response = client.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Activity.objects.get().i18n == {"title_ar": "الواجبات في الإدارة", "summary_en": "Admin summary"}


def test_walk_summary_in_arabic_on_the_public_page(client, area):
    from safety_walks.models import SafetyWalk

    walk = SafetyWalk.objects.create(
        date=dt.date(2026, 10, 1), area=area, summary="Belysningen vid torget var trasig.", i18n={}
    )
    page = client.get(walk.get_public_url(), **AR).content.decode()
    assert '<div lang="sv" dir="ltr"><p>Belysningen vid torget var trasig.</p></div>' in page
    walk.i18n = {"summary_ar": "كانت الإنارة في الساحة معطلة."}
    walk.save()
    from django.core.cache import cache

    cache.clear()
    page = client.get(walk.get_public_url(), **AR).content.decode()
    assert '<div dir="auto"><p>كانت الإنارة في الساحة معطلة.</p></div>' in page


# Demo data ----------------------------------------------------------------------------------------

RESIDENTS_LANGUAGES = ["en", "ar", "fa", "so", "ti"]


def test_demo_translations_cover_four_activities_in_every_residents_language():
    from activities import demo_calendar, demo_languages

    series = {row[0]: row for row in demo_calendar.SERIES}
    assert len(demo_languages.TRANSLATIONS) == 4
    for title, languages in demo_languages.TRANSLATIONS.items():
        assert title in series, title
        assert sorted(languages) == sorted(RESIDENTS_LANGUAGES), title
        swedish_summary = series[title][7]
        for code, (translated_title, summary) in languages.items():
            assert translated_title.strip() and summary.strip(), (title, code)
            assert translated_title != title and summary != swedish_summary, (title, code)


def test_load_demo_stores_the_translations_and_the_event_page_shows_them(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    homework = Activity.objects.get(title="Läxhjälp")
    assert {f"title_{code}" for code in RESIDENTS_LANGUAGES} <= set(homework.i18n)
    occurrence = homework.occurrences.filter(cancelled=False, start__gt=dt.datetime.now(dt.UTC)).first()
    page = event_page(client, occurrence, **AR)
    assert '<h1 dir="auto">مساعدة في الواجبات المدرسية</h1>' in page
    assert "Informationsträff om hedersrelaterat förtryck" in Activity.objects.filter(
        i18n__has_key="title_ti"
    ).values_list("title", flat=True)


def test_listing_isolates_names_in_another_script(client, activity, occurrence, venue, organisation_a):
    venue.name = "بيت المعرفة"
    venue.save()
    organisation_a.name = "ጉጅለ ተኻረይቲ"
    organisation_a.save()
    page = client.get(reverse("calendar")).content.decode()
    assert '<span class="occurrence-meta"><bdi>بيت المعرفة</bdi> · <bdi>ጉጅለ ተኻረይቲ</bdi></span>' in page


def test_partner_presentation_and_walk_forms_save_their_translations(organisation_a, area):
    from activities.forms import OrganisationForm
    from safety_walks.forms import WalkForm

    form = OrganisationForm(
        {"description": "Vi finns här.", "website": "", "description_ar": "نحن هنا.", "description_en": " "},
        instance=organisation_a,
    )
    assert form.is_valid(), form.errors
    assert [code for code, *_rest in form.translation_sections()] == ["en", "ar", "fa"]
    form.save()
    organisation_a.refresh_from_db()
    assert organisation_a.i18n == {"description_ar": "نحن هنا."}

    walk = WalkForm(
        {
            "date": "2026-10-01",
            "area": str(area.pk),
            "residents": "4",
            "youth": "0",
            "staff": "2",
            "police": "1",
            "others": "0",
            "summary": "Belysningen var trasig.",
            "summary_fa": "روشنایی خراب بود.",
            "is_public": "on",
        }
    )
    assert walk.is_valid(), walk.errors
    assert walk.save().i18n == {"summary_fa": "روشنایی خراب بود."}
