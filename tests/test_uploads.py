"""Uploaded files: random names, old files removed after commit, activity images only for who may see them.

Every model with an uploaded file: activity images, partner logos, deficiency photos (and their
thumbnails), residents' report photos (klocket/files.py).
"""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from activities.models import Activity
from klocket.images import process_image
from safety_walks.models import DeficiencyPhoto
from tests import images
from tests.test_safety_walks_support import make_deficiency, make_report, make_walk

RANDOM = r"[0-9a-f]{32}\.(jpg|png)"


def _upload(name="Anna Svensson hemma.jpg"):
    return process_image(images.jpeg_with_gps(name, size=(300, 200)), max_bytes=10_000_000, max_side=600)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _exists(name):
    return default_storage.exists(name)


@pytest.fixture
def with_image(activity, media):
    activity.image = _upload()
    activity.image_alt = "Barn som läser"
    activity.save()
    return activity


def test_every_upload_is_stored_under_a_random_name(with_image, organisation_a, area, media):
    organisation_a.logo = _upload("Logga Hyresgästföreningen.png")
    organisation_a.save()
    deficiency = make_deficiency(make_walk(area), photo=_upload("Kalle Ankas gata.jpg"))
    report = make_report(area, photo=_upload("Anna på Ringvägen.jpg"))
    photo = deficiency.photos.get()
    stored = {
        "activity image": with_image.image.name,
        "partner logo": organisation_a.logo.name,
        "deficiency photo": photo.image.name,
        "thumbnail": photo.thumbnail.name,
        "report photo": report.photo.name,
    }
    for kind, name in stored.items():
        assert re.fullmatch(r"[a-z_/]+/" + RANDOM, name), (kind, name)
        assert "anna" not in name.lower() and "kalle" not in name.lower()
    assert "Anna" not in with_image.image.url and "Logga" not in organisation_a.logo.url


def test_replaced_activity_image_is_deleted_after_commit(with_image, django_capture_on_commit_callbacks):
    old = with_image.image.name
    with django_capture_on_commit_callbacks(execute=True):
        with_image.image = _upload("ny bild.jpg")
        with_image.save()
    assert not _exists(old)
    assert _exists(with_image.image.name)


def test_file_stays_until_the_transaction_commits(with_image, django_capture_on_commit_callbacks):
    old = with_image.image.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with_image.image = _upload("ny bild.jpg")
        with_image.save()
        assert _exists(old)  # a rolled-back save would still need it
    assert callbacks


def test_replaced_logo_and_deleted_rows_lose_their_files(
    organisation_a,
    area,
    media,
    django_capture_on_commit_callbacks,
):
    organisation_a.logo = _upload("logo.png")
    organisation_a.save()
    old_logo = organisation_a.logo.name
    deficiency = make_deficiency(make_walk(area), photo=_upload())
    photo = deficiency.photos.get()
    report = make_report(area, photo=_upload())
    names = [photo.image.name, photo.thumbnail.name, report.photo.name]
    with django_capture_on_commit_callbacks(execute=True):
        organisation_a.logo = _upload("new logo.png")
        organisation_a.save()
        DeficiencyPhoto.objects.filter(deficiency=deficiency).delete()
        report.delete()
    assert not _exists(old_logo) and _exists(organisation_a.logo.name)
    for name in names:
        assert not _exists(name), name


def test_deleting_a_deficiency_deletes_its_photos_files(area, media, django_capture_on_commit_callbacks):
    deficiency = make_deficiency(make_walk(area), photo=_upload())
    photo = deficiency.photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        deficiency.status_changes.all().delete()
        deficiency.delete()
    assert not _exists(photo.image.name) and not _exists(photo.thumbnail.name)


# Who may see an activity's image ---------------------------------------------------------------------------


def test_image_url_goes_through_the_portal_not_the_media_folder(with_image):
    url = with_image.image.url
    assert url.startswith("/aktiviteter/bild/") and not url.startswith("/media/")
    assert re.fullmatch(r"/aktiviteter/bild/" + RANDOM, url)


def test_public_activity_image_is_served_to_anyone(client, with_image):
    response = client.get(with_image.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and "public" in response["Cache-Control"]


@pytest.mark.parametrize("hidden", ["draft", "not public", "internal meeting"])
def test_hidden_activity_image_only_for_staff_who_may_see_it(client_for, client, with_image, hidden):
    changes = {
        "draft": {"status": Activity.Status.DRAFT},
        "not public": {"is_public": False},
        "internal meeting": {"form": "internal_meeting", "is_public": False},
    }[hidden]
    Activity.objects.filter(pk=with_image.pk).update(**changes)
    url = with_image.image.url
    assert client.get(url).status_code == 404
    assert client_for("partner_b").get(url).status_code == 404
    response = client_for("partner_a").get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert client_for("coordinator").get(url).status_code == 200


def test_old_image_url_is_gone_after_replacing(client, with_image, django_capture_on_commit_callbacks):
    old_url = with_image.image.url
    with django_capture_on_commit_callbacks(execute=True):
        with_image.image = _upload("ny.jpg")
        with_image.save()
    assert client.get(old_url).status_code == 404
    assert client.get(with_image.image.url).status_code == 200


def test_unknown_or_tricky_names_are_404(client, with_image):
    for name in ["x.jpg", "..%2F..%2Fsettings.py", "%00", "a" * 300]:
        assert client.get(reverse("activity-image", args=["x"]).replace("/x", "/" + name)).status_code == 404


def test_migration_renames_files_stored_under_the_uploaders_name(activity, organisation_a, media):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    from activities.models import Organisation

    migration = importlib.import_module("activities.migrations.0009_random_upload_names")
    old_image = default_storage.save("activities/Anna Svensson.jpg", ContentFile(b"jpeg"))
    old_logo = default_storage.save("logos/Kalles logga.png", ContentFile(b"png"))
    Activity.objects.filter(pk=activity.pk).update(image=old_image, image_alt="Barn som läser")
    Organisation.objects.filter(pk=organisation_a.pk).update(logo=old_logo)
    migration.store_under_random_names(apps, None)
    activity.refresh_from_db()
    organisation_a.refresh_from_db()
    assert re.fullmatch(r"activities/[0-9a-f]{32}\.jpg", activity.image.name)
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", organisation_a.logo.name)
    assert not _exists(old_image) and not _exists(old_logo)
    with default_storage.open(activity.image.name) as stored:
        assert stored.read() == b"jpeg"


def test_a_duplicated_activity_gets_its_own_image_file(with_image, django_capture_on_commit_callbacks):
    from activities.services import duplicate_activity

    with django_capture_on_commit_callbacks(execute=True):
        copy = duplicate_activity(activity=with_image)
    assert copy.image.name != with_image.image.name and _exists(copy.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert _exists(with_image.image.name)  # the original keeps its image
