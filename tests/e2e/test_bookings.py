"""Sign-up in a real browser on a 360 px phone, without JavaScript: a resident books, reads the
confirmation from the outbox, cancels by the personal link, and the first on the waiting list
is booked and told; staff check people in and the tally shows how many came. Axe-clean."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Occurrence
from bookings import messaging
from bookings.models import Booking
from tests.bookings_helpers import sign_up, workshop
from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, login


def test_resident_books_cancels_by_the_link_and_the_waiting_list_moves_up(new_page, live_server, portal_data, settings):
    settings.KLOCKET_SITE_URL = live_server.url
    occurrence = workshop(portal_data["organisation_a"], portal_data["venue"], capacity=1, max_per_person=3)
    page = new_page(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    page.goto(occurrence.get_absolute_url())
    expect(page.get_by_text("1 place left")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.locator(".booking-box a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign up")
    assert_no_horizontal_scroll(page)
    sign_up_url = page.url
    page.get_by_label("Your name").fill("Amina Yusuf")
    page.get_by_label("Or e-mail").fill("amina@example.org")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You are booked: 1 place.")).to_be_visible()
    # axe needs JavaScript: the same pages once more in a browser that runs it.
    checker = new_page(viewport=PHONE, locale="en-GB")
    for url in [occurrence.get_absolute_url(), sign_up_url, page.url]:
        checker.goto(url)
        assert_no_axe_violations(checker)

    # Someone else joins the waiting list.
    other = sign_up(occurrence, email="bo@example.org", language="en", name="Bo")
    assert other.status == "waiting"

    messaging.send_pending()
    confirmation = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    link = re.search(r"https?://\S+/anmalan/\S+/", confirmation.body).group(0)
    mail.outbox.clear()

    page.goto(link)
    expect(page.get_by_text("You are booked: 1 place.")).to_be_visible()
    page.get_by_role("button", name="Cancel my booking").click()
    expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()

    other.refresh_from_db()
    assert other.status == "booked"
    messaging.send_pending()
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert mail.outbox[0].subject.startswith("You got a place")


def test_staff_check_people_in_on_a_phone_and_the_tally_shows_them(new_page, live_server, portal_data):
    occurrence = workshop(portal_data["organisation_a"], portal_data["venue"], capacity=5)
    family = sign_up(occurrence, name="Familjen Ali", places=3)
    sign_up(occurrence, name="Sara Lind")
    now = timezone.now()
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1)
    )
    page = new_page(viewport=PHONE, locale="en-GB")
    login(page, live_server, "partner-a")
    page.goto(f"/personal/anmalningar/{occurrence.pk}/")
    expect(page.get_by_role("heading", level=2, name="Booked (2)")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.get_by_label("Familjen Ali").check()
    page.get_by_role("button", name="Save who came").click()
    expect(page.get_by_text("Check-in saved: 3 came.")).to_be_visible()
    assert Booking.objects.get(pk=family.pk).checked_in
    page.get_by_role("link", name="Count visitors").click()
    expect(page.locator("#tally-checked-in")).to_contain_text("3 came by the sign-up list")
