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
