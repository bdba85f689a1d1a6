"""Photos: EXIF and GPS really gone from every stored file, whichever way it came in; bad files
get a clear message and everything else entered is kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from safety_walks import services
from safety_walks.models import Deficiency, DeficiencyPhoto, ResidentReport
from tests import images
from tests.test_safety_walks_support import camera_photo, make_deficiency, make_report, make_walk, media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def assert_clean(field_file, max_side):
    field_file.open("rb")
    try:
        with Image.open(io.BytesIO(field_file.read())) as stored:
            assert max(stored.size) <= max_side
            exif = stored.getexif()
            assert images.GPS_IFD not in exif, "GPS position left in the stored file"
            assert 0x0110 not in exif, "camera model left in the stored file"
            assert "exif" not in stored.info
    finally:
        field_file.close()


def test_camera_photo_from_the_walk_form_is_stripped_resized_and_thumbnailed(client_for, area):
    walk = make_walk(area)
    response = client_for("coordinator").post(
        reverse("sw-deficiency-add", args=[walk.pk]),
        {
            "category": "lighting",
            "place": "Gångvägen",
            "priority": "medium",
            "photo": camera_photo(),
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    photo = DeficiencyPhoto.objects.get()
    assert_clean(photo.image, 1600)
    assert_clean(photo.thumbnail, 400)
    assert photo.is_public is False  # public only when staff say so


def test_form_field_asks_for_the_rear_camera(client_for, area):
    body = client_for("coordinator").get(reverse("sw-deficiency-add", args=[make_walk(area).pk])).content.decode()
    assert 'accept="image/*"' in body and 'capture="environment"' in body


def test_every_other_path_strips_metadata_too(area, client_for):
    """Service, shell or demo code, a resident's report, and the photo moderation copies over."""
    deficiency = make_deficiency(make_walk(area), photo=camera_photo())
    assert_clean(deficiency.photos.get().image, 1600)
    direct = DeficiencyPhoto(deficiency=deficiency, image=camera_photo())
    direct.save()
    assert_clean(direct.image, 1600)
    assert_clean(direct.thumbnail, 400)
    report = make_report(area, photo=camera_photo())
    assert_clean(report.photo, 1600)
    copied = services.accept_report(
        report=report, user=None, category="lighting", place="Cykelstället", copy_photo=True
    )
    assert_clean(copied.photos.get().image, 1600)


def test_admin_upload_is_stripped(client_for, area):
    deficiency = make_deficiency(make_walk(area))
    url = reverse("admin:safety_walks_deficiency_change", args=[deficiency.pk])
    client = client_for("superuser")
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "place": deficiency.place,
        "category": deficiency.category,
        "priority": deficiency.priority,
        "description": "",
        "proposed_measure": "",
        "private_note": "",
        "is_public": "on",
        "latitude": "",
        "longitude": "",
        "responsible_party": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": camera_photo(),
        "photos-0-description": "Lyktstolpen",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "1",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
        "status_changes-0-id": str(deficiency.status_changes.get().pk),
        "status_changes-0-deficiency": str(deficiency.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_clean(DeficiencyPhoto.objects.get().image, 1600)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (images.not_an_image("lampa.jpg"), "not an image"),
        (images.decompression_bomb(), "too large"),
        (images.oversized("huge.jpg", size_bytes=10 * 1024 * 1024 + 1), "limit is"),
    ],
    ids=["not-an-image", "decompression-bomb", "over-10-mb"],
)
def test_bad_photos_get_a_clear_message_and_the_rest_is_kept(client_for, area, upload, message):
    walk = make_walk(area)
    response = client_for("coordinator").post(
        reverse("sw-deficiency-add", args=[walk.pk]),
        {"category": "lighting", "place": "Gångvägen vid skolan", "description": "Mörkt", "priority": "high",
         "photo": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="Gångvägen vid skolan"' in body and "Mörkt</textarea>" in body
    assert "choose the photo again" in body
    assert not Deficiency.objects.exists() and not DeficiencyPhoto.objects.exists()


def test_bad_photo_on_a_residents_report_is_refused(client, area):
    response = client.post(
        reverse("sw-report"),
        {"category": "lighting", "place": "Torget", "description": "Mörkt", "photo": images.not_an_image()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_photos_are_public_one_by_one(client_for, area):
    deficiency = make_deficiency(make_walk(area), photo=camera_photo(), photo_public=True)
    second = services.add_photo(deficiency=deficiency, image=camera_photo(), is_public=True)
    client = client_for("coordinator")
    response = client.post(reverse("sw-photo-visibility", args=[second.pk]), {"is_public": "0"})
    assert response.status_code == 302
    first = deficiency.photos.exclude(pk=second.pk).get()
    second.refresh_from_db()
    assert first.is_public and not second.is_public
    assert client.get(first.public_url).status_code == 200
    assert client.get(second.public_url).status_code == 404
    page = client.get(deficiency.get_public_url()).content.decode()
    assert first.public_thumbnail_url in page and second.public_thumbnail_url not in page


def test_png_with_metadata_chunks_is_reencoded(area):
    out = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 58.57 16.13")
    Image.new("RGB", (300, 200), (1, 2, 3)).save(out, format="PNG", pnginfo=info)
    upload = SimpleUploadedFile("skylt.png", out.getvalue(), content_type="image/png")
    photo = services.add_photo(deficiency=make_deficiency(make_walk(area)), image=upload)
    photo.image.open("rb")
    with Image.open(io.BytesIO(photo.image.read())) as stored:
        assert "Comment" not in stored.info
    photo.image.close()
