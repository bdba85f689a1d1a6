"""Fixtures shared by every test: places, partners and one user per role.

Roles (see klocket/roles.py): anonymous, outsider (logged in, no role), partner staff of
organisation A, partner staff of organisation B, coordinator, steering group, superuser.
"""

import pytest
from django.contrib.auth.models import Group

from activities.models import Area, Membership, Organisation, Venue
from klocket.roles import COORDINATOR, PARTNER_STAFF, STEERING_GROUP

ROLES = ["anonymous", "outsider", "partner_a", "partner_b", "coordinator", "steering", "superuser"]
PASSWORD = "a-test-password-42"


@pytest.fixture
def area(db):
    return Area.objects.create(name="Klockaretorpet", slug="klockaretorpet", municipality="Norrköping")


@pytest.fixture
def venue(area):
    return Venue.objects.create(
        name="Kunskapens hus", slug="kunskapens-hus", area=area, address="Klockaretorpets centrum"
    )


@pytest.fixture
def organisation_a(db):
    return Organisation.objects.create(
        name="Hyresgästföreningen", slug="hyresgastforeningen", kind=Organisation.Kind.TENANTS_UNION
    )


@pytest.fixture
def organisation_b(db):
    return Organisation.objects.create(
        name="Sensus studieförbund", slug="sensus", kind=Organisation.Kind.STUDY_ASSOCIATION
    )


def make_user(django_user_model, username, *, group=None, organisations=(), **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    for organisation in organisations:
        Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def users(db, django_user_model, organisation_a, organisation_b):
    """One user per role, keyed by role name; anonymous is None."""
    return {
        "anonymous": None,
        "outsider": make_user(django_user_model, "outsider"),
        "partner_a": make_user(
            django_user_model, "partner-a", group=PARTNER_STAFF, organisations=[organisation_a]
        ),
        "partner_b": make_user(
            django_user_model, "partner-b", group=PARTNER_STAFF, organisations=[organisation_b]
        ),
        "coordinator": make_user(django_user_model, "coordinator", group=COORDINATOR, is_staff=True),
        "steering": make_user(django_user_model, "steering", group=STEERING_GROUP, is_staff=True),
        "superuser": make_user(django_user_model, "superuser", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def client_for(client, users):
    """client_for("coordinator") is a test client logged in as that role."""

    def login(role):
        user = users[role]
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def activity(organisation_a, venue):
    """A published, public weekly homework-help activity of organisation A at Kunskapens hus."""
    from activities.models import Activity, ActivityForm, Audience

    activity = Activity.objects.create(
        title="Läxhjälp",
        summary="Hjälp med läxorna för skolbarn.",
        organiser=organisation_a,
        venue=venue,
        form=ActivityForm.OPEN_ACTIVITY,
        status=Activity.Status.PUBLISHED,
    )
    activity.audiences.set(Audience.objects.filter(code__in=["children", "youth"]))
    return activity


@pytest.fixture
def occurrence(activity):
    """A future date of ``activity``: tomorrow 16:00–18:00 local time."""
    import datetime as dt

    from django.utils import timezone

    from activities.models import Occurrence

    day = timezone.localdate() + dt.timedelta(days=1)
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16)), zone)
    return Occurrence.objects.create(activity=activity, start=start, end=start + dt.timedelta(hours=2))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def restore_reference_rows():
    """Put back what migrations create (roles, audiences, languages, the five goals).

    A transactional test (browser tests, threads) empties every table when it ends; the next
    one calls this so it starts from the same reference data as a fresh database.
    """
    import importlib

    from django.apps import apps

    from klocket.roles import sync_role_permissions

    sync_role_permissions()
    importlib.import_module("activities.migrations.0003_audiences_languages").create(apps, None)
    importlib.import_module("goals.migrations.0002_goals_data").create(apps, None)


@pytest.fixture
def draft_activity_image(activity, settings, tmp_path):
    """The address of a draft activity's image: only staff who may edit the activity may open it."""
    from activities.models import Activity
    from klocket.images import process_image
    from tests import images

    settings.MEDIA_ROOT = tmp_path / "media"
    activity.status = Activity.Status.DRAFT
    activity.image = process_image(images.jpeg_with_gps(), max_bytes=10_000_000, max_side=300)
    activity.image_alt = "Barn som läser"
    activity.save()
    return activity.image.url
