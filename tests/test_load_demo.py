from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from activities import demo
from activities.models import Area, Membership, Organisation, Venue

# Private persons named in the source document: never in demo data.
PRIVATE_NAMES = [
    "Danho", "Caroline", "Lena", "Cynthia", "Wael", "Julia", "Inger", "Borg", "Lindquist",
    "Lundström", "Kenneth", "Berglund", "Yasmine", "Jonas", "Marco", "Briones", "Hevzi",
    "Murina", "Hamza", "Morgan", "Fundin", "Wätte", "Linder", "Dahlqvist", "Hasselberg",
    "Rami", "Saadia", "Isaksson", "Nachla",
]  # fmt: skip


def counts():
    return (
        Area.objects.count(),
        Venue.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_new(settings):
    settings.DEBUG = True
    call_command("load_demo", "--with-users", stdout=StringIO())
    first = counts()
    assert first == (1, len(demo.VENUES), len(demo.ORGANISATIONS), len(demo.DEMO_USERS), 2)
    out = StringIO()
    call_command("load_demo", "--with-users", stdout=out)
    assert counts() == first
    assert "0 new rows" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_keeps_what_staff_changed(settings):
    call_command("load_demo", stdout=StringIO())
    Organisation.objects.filter(slug="sensus").update(description="Ändrad av personalen")
    call_command("load_demo", stdout=StringIO())
    assert Organisation.objects.get(slug="sensus").description == "Ändrad av personalen"


@pytest.mark.django_db
def test_houses_and_places_from_the_source_document():
    call_command("load_demo", stdout=StringIO())
    names = set(Venue.objects.values_list("name", flat=True))
    assert {"Kunskapens hus", "Föreningarnas hus", "Idrottens hus", "Fritidsbanken", "Fotbollsplanen"} <= names
    assert Venue.objects.filter(kind=Venue.Kind.ONLINE).exists()
    assert Venue.objects.filter(area__name="Klockaretorpet").count() == len(demo.VENUES)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"tenants_union", "housing_company", "church", "study_association", "sports_federation"} <= kinds


@pytest.mark.django_db
def test_demo_logins_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", "--with-users", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_no_private_person_in_demo_data():
    import inspect

    source = inspect.getsource(demo)
    found = [name for name in PRIVATE_NAMES if name in source]
    assert not found, f"Demo data names private persons: {found}"
