"""The cookies and browser storage the portal sets, in one place: the cookie page lists them and
tests/test_about_cookies.py fails when a public page sets anything not listed here.

Only strictly necessary cookies (LEK 9 kap. 28 §), so no consent banner. The CSRF token stays a
cookie (CSRF_USE_SESSIONS off): in the session it would give every visitor who opens a form a
session row and a session cookie, which is more data about residents, not less.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from goals.views_public import COOKIE_DAYS_AFTER_CLOSE
from goals.views_public import COOKIE_PREFIX as SURVEY_COOKIE_PREFIX

# Django's default message storage keeps messages in this cookie (a session only when too big).
MESSAGES_COOKIE = "messages"


@dataclass(frozen=True)
class Cookie:
    name: str  # a name ending in "N" stands for a family: klocket_enkat_N is klocket_enkat_1, _2 ...
    purpose: str
    lifetime: str
    who: str

    def matches(self, name: str) -> bool:
        if self.name.endswith("N"):
            return name.startswith(self.name[:-1]) and name[len(self.name) - 1 :].isdigit()
        return name == self.name


def portal_cookies() -> list[Cookie]:
    return [
        Cookie(
            settings.CSRF_COOKIE_NAME,
            _("Protects the forms against being sent from other sites (CSRF). A random value, nothing about you."),
            _("one year"),
            _("Everyone who opens a page with a form"),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            _("Remembers the language you chose."),
            _("one year"),
            _("Only when you choose a language"),
        ),
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _("Keeps staff logged in."),
            _("until you log out, at most %(hours)s hours") % {"hours": settings.SESSION_COOKIE_AGE // 3600},
            _("Staff who log in"),
        ),
        Cookie(
            MESSAGES_COOKIE,
            _("Carries a confirmation, such as your report's reference number, to the next page."),
            _("until the next page is shown"),
            _("After you send a form"),
        ),
        Cookie(
            SURVEY_COOKIE_PREFIX + "N",
            _("Remembers that this browser has answered survey N, so that each person answers once."),
            _("until %(days)s days after the survey closes") % {"days": COOKIE_DAYS_AFTER_CLOSE},
            _("After you answer the safety survey"),
        ),
    ]


def is_listed(name: str) -> bool:
    return any(cookie.matches(name) for cookie in portal_cookies())
