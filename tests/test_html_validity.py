"""HTML validity the Nu checker reports: no empty ``action`` on a form (issue #14).

An empty ``action=""`` is invalid HTML (the attribute must be a non-empty URL); leaving it
out submits the form to the page itself, which is what the calendar filters mean.
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse


class FormActions(HTMLParser):
    def __init__(self):
        super().__init__()
        self.actions = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.actions.append(dict(attrs).get("action", None))


def form_actions(html: str) -> list:
    parser = FormActions()
    parser.feed(html)
    return parser.actions


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("calendar"),
        reverse("calendar-week", args=[2026, 48]),
        reverse("calendar-month", args=[2026, 11]),
        reverse("calendar-day", args=[2026, 11, 26]),
    ],
)
def test_calendar_pages_have_no_empty_form_action(client, occurrence, url):
    response = client.get(url)
    assert response.status_code == 200
    actions = form_actions(response.content.decode())
    assert actions, "the calendar filters form is on the page"
    assert "" not in actions


def test_no_template_has_an_empty_form_action():
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [str(path) for path in templates.rglob("*.html") if 'action=""' in path.read_text()]
    assert offenders == []
