"""Both catalogues complete: no untranslated or fuzzy entries, and they compile."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue) > 50
    assert not untranslated, f"{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"


def test_swedish_differs_from_english_source():
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    proper_names = {"Klockaretorpet, Norrköping"}
    same = [e.msgid for e in catalogue if e.msgstr == e.msgid and len(e.msgid) > 20 and e.msgid not in proper_names]
    assert not same, f"Swedish left as English: {same[:10]}"


def test_compiled_catalogue_is_used(client, db):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Houses and places") == "Hus och platser"
