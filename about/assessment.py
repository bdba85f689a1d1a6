"""The accessibility statement's facts the project can know, in one place.

The statement page renders these; tests/test_about_assessment.py keeps them true: each
automated check names a test that exists in the suite, and each page said to be checked with
axe-core is visited by a browser test. Update LAST_REVIEWED when someone reviews the statement.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# When the portal was last assessed and this statement last reviewed.
ASSESSED_ON = dt.date(2026, 12, 4)
LAST_REVIEWED = dt.date(2026, 12, 4)
STANDARD = "WCAG 2.1 AA, EN 301 549"


@dataclass(frozen=True)
class AutomatedCheck:
    name: str  # shown on the page
    description: str
    tests: tuple[str, ...]  # "path/to/test_file.py::test_function": the tests that run the check


AUTOMATED_CHECKS = [
    AutomatedCheck(
        _("axe-core, WCAG 2.1 A and AA rules"),
        _("Every page listed below is opened in a real browser (Chromium) and checked with axe-core."),
        (
            "tests/e2e/test_foundation.py::test_public_page_is_accessible",
            "tests/e2e/test_about.py::test_about_page_is_accessible_in_swedish_and_english",
            "tests/e2e/conftest.py::assert_no_axe_violations",
        ),
    ),
    AutomatedCheck(
        _("Phone width 360 pixels"),
        _("The same pages are opened 360 pixels wide and must not scroll sideways."),
        ("tests/e2e/conftest.py::assert_no_horizontal_scroll",),
    ),
    AutomatedCheck(
        _("Without JavaScript"),
        _(
            "Browsing, the calendar, changing the language, logging in, the report form and the accessibility "
            "feedback work with JavaScript turned off."
        ),
        (
            "tests/e2e/test_foundation.py::test_site_works_without_javascript",
            "tests/e2e/test_foundation.py::test_login_and_logout_without_javascript",
            "tests/e2e/test_calendar.py::test_calendar_works_without_javascript",
            "tests/e2e/test_safety_walks.py::test_without_javascript_lists_and_forms_work",
            "tests/e2e/test_about.py::test_feedback_without_javascript_keeps_the_text_and_is_stored",
        ),
    ),
    AutomatedCheck(
        _("HTML validity"),
        _(
            "The pages about the portal, the report form and the survey are parsed by a strict HTML5 parser "
            "(html5lib) and must have no errors."
        ),
        (
            "tests/test_about_pages.py::test_pages_are_valid_html",
            "tests/test_about_pages.py::test_forms_with_the_privacy_note_are_valid_html",
        ),
    ),
]

# Pages axe-core checks on a desktop window and at 360 px (each is visited by a browser test).
AXE_CHECKED_PAGES = [
    (_("Home page"), "/"),
    (_("Calendar"), "/kalender/"),
    (_("Houses and places"), "/platser/"),
    (_("Partners"), "/partners/"),
    (_("Safety walks"), "/trygghetsvandringar/"),
    (_("Report a safety problem"), "/rapportera/"),
    (_("Safety survey"), "/trygghetsenkat/"),
    (_("Our goals"), "/mal/"),
    (_("Staff login"), "/konto/logga-in/"),
    (_("Easy-to-read Swedish"), "/lattlast/"),
    (_("Accessibility statement"), "/tillganglighet/"),
    (_("Accessibility feedback"), "/tillganglighet/synpunkter/"),
    (_("Privacy notice"), "/personuppgifter/"),
    (_("Cookies"), "/kakor/"),
]
