"""The load-data generator: sizes, determinism, the mix of cases, --clear, and bad arguments."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from activities.models import Activity, ActivityForm, Occurrence, Organisation, Recurrence, Venue

SMALL = ["--activities", "20", "--occurrences", "300", "--organisations", "3", "--venues", "3"]


def generate(*args):
    out = StringIO()
    call_command("generate_load_data", *SMALL, *args, stdout=out)
    return out.getvalue()


def generated_activities():
    return Activity.objects.filter(organiser__slug__startswith="gen-")


def snapshot():
    """What was generated, independent of primary keys."""
    activities = sorted(
        generated_activities().values_list("title", "form", "status", "is_public", "organiser__name", "venue__name")
    )
    dates = sorted(
        Occurrence.objects.filter(activity__in=generated_activities()).values_list(
            "activity__title", "start", "end", "cancelled", "cancel_reason", "venue__name"
        )
    )
    return activities, dates


@pytest.mark.django_db
def test_creates_the_requested_counts():
    out = generate()
    assert Organisation.objects.filter(slug__startswith="gen-").count() == 3
    assert Venue.objects.filter(slug__startswith="gen-").count() == 3
    assert generated_activities().count() == 20
    assert Occurrence.objects.count() == 300
    assert "300 dates" in out
    assert "next 30 days" in out


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate("--seed", "7")
    first = snapshot()
    generate("--seed", "7", "--clear")
    assert snapshot() == first
    generate("--seed", "8", "--clear")
    assert snapshot() != first


@pytest.mark.django_db
def test_the_mix_holds_drafts_internal_non_public_and_cancelled():
    generate()
    activities = generated_activities()
    assert activities.filter(status=Activity.Status.DRAFT).exists()
    assert activities.filter(form=ActivityForm.INTERNAL_MEETING, is_public=False).exists()
    assert activities.filter(is_public=False).exclude(form=ActivityForm.INTERNAL_MEETING).exists()
    assert activities.filter(status=Activity.Status.CANCELLED).exists()
    assert Activity.objects.public().filter(pk__in=activities).count() >= 10
    cancelled = Occurrence.objects.filter(cancelled=True)
    assert cancelled.count() == 300 // 50
    assert not cancelled.filter(cancel_reason="").exists()
    assert generated_activities().filter(audiences__isnull=False).distinct().count() == 20
    assert generated_activities().filter(languages__code="sv").count() == 20


@pytest.mark.django_db
def test_dates_are_daytime_one_to_three_hours_and_match_their_schedules():
    generate()
    zone = timezone.get_default_timezone()
    for occurrence in Occurrence.objects.all():
        start, end = occurrence.start.astimezone(zone), occurrence.end.astimezone(zone)
        assert dt.time(9) <= start.time() and end.time() <= dt.time(21)
        assert dt.timedelta(hours=1) <= end - start <= dt.timedelta(hours=3)
    assert Recurrence.objects.exists()
    for schedule in Recurrence.objects.all():
        scheduled = set(schedule.occurrences.values_list("scheduled_date", flat=True))
        assert set(schedule.dates()) == scheduled


@pytest.mark.django_db
def test_dates_spread_evenly_so_the_next_30_days_hold_their_share():
    call_command(
        "generate_load_data", "--activities", "200", "--occurrences", "10000", "--years", "5", stdout=StringIO()
    )
    now = timezone.now()
    coming = Occurrence.objects.filter(start__gte=now, start__lt=now + dt.timedelta(days=30)).count()
    expected = 10000 * 30 / (5 * 365.25)  # about 164
    assert 0.75 * expected <= coming <= 1.25 * expected
    last = Occurrence.objects.order_by("-start").first().start
    assert now + dt.timedelta(days=300) < last < now + dt.timedelta(days=372)


@pytest.mark.django_db
def test_clear_removes_only_generated_rows(occurrence, organisation_b):
    """The demo organisation, its venue, activity and date survive; generated rows go."""
    demo_activity = occurrence.activity
    generate()
    generated_partner = Organisation.objects.filter(slug__startswith="gen-").first()
    demo_activity.co_organisers.add(generated_partner)

    generate("--clear", "--activities", "10", "--occurrences", "100")
    assert generated_activities().count() == 10
    assert Occurrence.objects.filter(activity__in=generated_activities()).count() == 100
    assert not Organisation.objects.filter(pk=generated_partner.pk).exists()

    from activities.management.commands.generate_load_data import clear_generated

    clear_generated()
    assert not Organisation.objects.filter(slug__startswith="gen-").exists()
    assert not Venue.objects.filter(slug__startswith="gen-").exists()
    assert list(Activity.objects.all()) == [demo_activity]
    assert list(Occurrence.objects.all()) == [occurrence]
    assert set(Organisation.objects.values_list("slug", flat=True)) == {"hyresgastforeningen", "sensus"}
    assert Venue.objects.get().slug == "kunskapens-hus"
    assert not demo_activity.co_organisers.exists()


@pytest.mark.django_db
def test_clear_refuses_when_other_data_uses_a_generated_venue(organisation_a):
    generate()
    venue = Venue.objects.filter(slug__startswith="gen-").first()
    Activity.objects.create(title="Läxhjälp", organiser=organisation_a, venue=venue)
    with pytest.raises(CommandError, match="still uses them"):
        generate("--clear")
    assert generated_activities().count() == 20  # nothing was removed


@pytest.mark.django_db
def test_running_again_without_clear_is_refused():
    generate()
    with pytest.raises(CommandError, match="--clear"):
        generate()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--activities", "0"], "--activities must be between 1"),
        (["--activities", "-5"], "--activities must be between 1"),
        (["--occurrences", "-1"], "--occurrences must be between 0"),
        (["--occurrences", "10000001"], "--occurrences must be between 0 and 10,000,000"),
        (["--organisations", "0"], "--organisations must be between 1"),
        (["--venues", "20000000"], "--venues must be between 1"),
        (["--years", "0"], "--years must be between 1"),
        (["--years", "500"], "--years must be between 1 and 50"),
        (["--seed", "-1"], "--seed must be between 0"),
        (["--activities", "abc"], "invalid int value"),
        (["--activities", "1", "--occurrences", "5000", "--years", "1"], "more than one date a day"),
    ],
)
@pytest.mark.django_db
def test_bad_arguments_give_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_load_data", *args, stdout=StringIO())
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_bad_keyword_arguments_are_checked_too():
    with pytest.raises(CommandError, match="--venues must be between 1"):
        call_command("generate_load_data", venues=-3, stdout=StringIO())
