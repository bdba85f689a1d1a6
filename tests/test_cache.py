"""Public pages are cached for anonymous visitors and refreshed when their data changes."""

from unittest import mock

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_cached_page_served_without_queries_then_refreshed_on_change(client, occurrence, django_assert_num_queries):
    url = reverse("calendar")
    first = client.get(url).content.decode()
    assert "Läxhjälp" in first
    with django_assert_num_queries(0):
        assert client.get(url).content.decode() == first
    activity = occurrence.activity
    activity.title = "Läxhjälp och fika"
    activity.save()
    assert "Läxhjälp och fika" in client.get(url).content.decode()


@pytest.mark.django_db
def test_cache_keeps_languages_apart(client, occurrence):
    url = reverse("calendar")
    assert '<html lang="sv"' in client.get(url).content.decode()
    assert '<html lang="en"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_logged_in_users_get_fresh_pages(client_for, occurrence, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get(reverse("home"))
    page = client.get(reverse("home")).content.decode()
    assert "/personal/" in page  # personal navigation is never served from the anonymous cache


@pytest.mark.django_db
def test_schedule_regeneration_refreshes_the_feed(client, activity):
    import datetime as dt

    from django.utils import timezone

    from activities.models import Recurrence
    from activities.services import regenerate_occurrences

    today = timezone.localdate()
    recurrence = Recurrence.objects.create(
        activity=activity,
        weekdays=str(today.weekday()),
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=20),
        start_time=dt.time(16),
        end_time=dt.time(18),
    )
    assert b"BEGIN:VEVENT" not in client.get(reverse("calendar-ics")).content  # now cached
    regenerate_occurrences(recurrence=recurrence)
    assert b"BEGIN:VEVENT" in client.get(reverse("calendar-ics")).content


@pytest.mark.django_db
def test_feed_rewrites_only_changed_entries(client, activity, organisation_b, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone
    from icalendar import Calendar

    from activities.models import Occurrence

    start = timezone.now() + dt.timedelta(days=2)
    first = Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=1))
    Occurrence.objects.create(
        activity=activity, start=start + dt.timedelta(days=7), end=start + dt.timedelta(days=7, hours=1)
    )
    from activities import feeds

    client.get(reverse("calendar-ics"))
    first.note = "Ta med innetofflor"
    first.save()
    written = []
    real_event = feeds._EventWriter.event

    def counting_event(writer, occurrence):
        written.append(occurrence.pk)
        return real_event(writer, occurrence)

    with mock.patch.object(feeds._EventWriter, "event", counting_event):
        events = Calendar.from_ical(client.get(reverse("calendar-ics")).content).walk("VEVENT")
    assert written == [first.pk]  # the unchanged date's entry came from the cache
    assert len(events) == 2
    notes = ["Ta med innetofflor" in str(event["DESCRIPTION"]) for event in events]
    assert notes == [True, False]


@pytest.mark.django_db
def test_feed_entries_follow_a_renamed_place_and_organiser(client, activity):
    import datetime as dt

    from django.utils import timezone
    from icalendar import Calendar

    from activities.models import Occurrence

    start = timezone.now() + dt.timedelta(days=2)
    Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=1))
    client.get(reverse("calendar-ics"))
    # Renamed without touching the activity: the entry's fingerprint still changes.
    type(activity.venue).objects.filter(pk=activity.venue_id).update(name="Nya huset")
    type(activity.organiser).objects.filter(pk=activity.organiser_id).update(name="Nya föreningen")
    from klocket.cache import bump_data_version

    bump_data_version()
    (event,) = Calendar.from_ical(client.get(reverse("calendar-ics")).content).walk("VEVENT")
    assert str(event["LOCATION"]).startswith("Nya huset")
    assert event["ORGANIZER"].params["CN"] == "Nya föreningen"
