"""Every string the public pages use is translated in every language the site offers.

The public pages (home, calendar list/day/week/month, an event, partners and places, the
safety-walk pages, the residents' report form with its errors, the safety survey with its
errors, the feeds and the error pages) are rendered with the demo data while every gettext
lookup is recorded (tests/public_msgids.py); each recorded string of our catalogue must have a
translation in each language. Staff strings are required only in Swedish and English
(tests/test_translations.py); elsewhere they fall back to the English source.
"""

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.public_msgids import record_msgids

LOCALE = settings.LOCALE_PATHS[0]
SOURCE = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
OURS = {(entry.msgctxt, entry.msgid) for entry in SOURCE}


@pytest.fixture
def demo_msgids(transactional_db, settings, monkeypatch):
    """The strings the public pages look up, rendered in Somali on the demo data."""
    from tests.conftest import restore_reference_rows

    restore_reference_rows()
    settings.DEBUG = True  # load_demo refuses demo logins otherwise
    call_command("load_demo", "--with-users", verbosity=0)
    settings.DEBUG = False
    seen, responses = record_msgids("so", monkeypatch)
    errors = {path: response.status_code for path, response in responses if response.status_code >= 500}
    assert not errors, errors
    return seen & OURS


def test_every_public_string_is_translated_in_every_offered_language(demo_msgids):
    msgids = {msgid for _context, msgid in demo_msgids}
    # A sample from each kind of page, so the recording cannot quietly miss one.
    for expected in ["Skip to main content", "Calendar week %(week)s", "Add to my calendar", "Send the report",
                     "How safe do you feel going out alone late in the evening in your own area?",
                     "Page not found", "Something went wrong", "KLOCKET calendar (iCalendar)",
                     "Describe the problem.", "Choose how safe you feel.", "Deficiencies found"]:  # fmt: skip
        assert expected in msgids
    assert len(demo_msgids) > 250
    missing = {}
    for language, _name in settings.LANGUAGES:
        catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue}
        for key in sorted(demo_msgids, key=lambda key: key[1]):
            entry = entries.get(key)
            if entry is None or not entry.translated() or "fuzzy" in entry.flags:
                missing.setdefault(language, []).append(key[1])
    assert not missing, {language: (len(keys), keys[:5]) for language, keys in missing.items()}
