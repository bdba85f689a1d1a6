from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:
        pytest.fail(f"Models and migrations differ; run `make migrations`:\n{out.getvalue()}")


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    coordinator = Group.objects.get(name="Samordnare")
    steering = Group.objects.get(name="Styrgrupp")
    assert coordinator.permissions.filter(codename="change_organisation").exists()
    assert not steering.permissions.filter(codename="change_organisation").exists()
    assert steering.permissions.filter(codename="view_organisation").exists()
    assert Group.objects.filter(name="Partnerpersonal").exists()
