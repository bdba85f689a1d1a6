"""The catalogues: Swedish and English complete, the four others sound and honest about review.

Swedish and English are complete (staff pages included). Arabic, Persian, Somali and Tigrinya
must translate every public string (tests/test_public_translations.py); their staff strings may
be empty and then show in the English source. Every catalogue compiles, has no fuzzy entries,
declares its plural forms and its review status, and has the month and weekday names.
"""

import subprocess
from pathlib import Path

import polib
import pytest

from klocket.i18n_tools import date_msgids
from klocket.languages import LANGUAGES_KNOWN

LOCALE = Path(__file__).resolve().parent.parent / "locale"
ALL = list(LANGUAGES_KNOWN)


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_is_complete(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert len(po) > 50
    assert not untranslated, f"{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("language", ALL)
def test_every_catalogue_exists_compiles_and_has_no_fuzzy_entries(language, tmp_path):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy, f"{language}: a fuzzy header is skipped by msgfmt"
    assert not po.fuzzy_entries(), f"{language}: fuzzy {[e.msgid for e in po.fuzzy_entries()][:10]}"
    assert po.metadata["Language"] == language
    assert "nplurals=" in po.metadata["Plural-Forms"] and "INTEGER" not in po.metadata["Plural-Forms"]
    assert po.metadata.get("X-Review-Status") in {"reviewed", "unreviewed"}
    subprocess.run(
        [
            "msgfmt",
            "--check-format",
            "-o",
            str(tmp_path / "django.mo"),
            str(LOCALE / language / "LC_MESSAGES" / "django.po"),
        ],
        check=True,
    )


@pytest.mark.parametrize("language", ["ar", "fa", "so", "ti"])
def test_first_versions_are_marked_unreviewed(language):
    assert catalogue(language).metadata["X-Review-Status"] == "unreviewed"


@pytest.mark.parametrize("language", ALL)
def test_month_and_weekday_names_are_in_every_catalogue(language):
    po = catalogue(language)
    for pairs in date_msgids().values():
        for context, msgid in pairs:
            entry = po.find(msgid, msgctxt=context)
            assert entry is not None and entry.msgstr, f"{language}: {context or ''} {msgid}"


def test_swedish_differs_from_english_source():
    po = catalogue("sv")
    proper_names = {"Klockaretorpet, Norrköping"}
    same = [e.msgid for e in po if e.msgstr == e.msgid and len(e.msgid) > 20 and e.msgid not in proper_names]
    assert not same, f"Swedish left as English: {same[:10]}"


@pytest.mark.parametrize("language", ["ar", "fa", "so", "ti"])
def test_new_languages_are_not_left_as_english(language):
    po = catalogue(language)
    proper_names = {"Klockaretorpet, Norrköping"}
    same = [e.msgid for e in po if e.msgstr == e.msgid and len(e.msgid) > 20 and e.msgid not in proper_names]
    assert not same, f"{language} left as English: {same[:10]}"


def test_compiled_catalogue_is_used(client, db):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Houses and places") == "Hus och platser"
    with translation.override("so"):
        assert translation.gettext("Houses and places") == "Guryaha iyo goobaha"
