"""Partner staff edit their organisation's presentation; bad logos get a clear message."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests import images


@pytest.fixture
def edit_url(organisation_a):
    return reverse("organisation-edit", args=[organisation_a.slug])


def test_partner_saves_description_and_logo_without_metadata(client_for, organisation_a, edit_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_for("partner_a").post(
        edit_url,
        {"description": "Vi finns i Kunskapens hus.", "website": "https://example.org", "logo": images.jpeg_with_gps()},
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Vi finns i Kunskapens hus."
    with Image.open(organisation_a.logo.path) as stored:
        assert max(stored.size) <= 600
        assert images.GPS_IFD not in stored.getexif()


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (images.not_an_image, "inte en bild"),
        (images.decompression_bomb, "för stor"),
        (images.oversized, "gränsen är"),
    ],
    ids=["not-an-image", "decompression-bomb", "too-large"],
)
def test_bad_logo_keeps_other_fields_and_explains_in_swedish(client_for, organisation_a, edit_url, upload, fragment):
    response = client_for("partner_a").post(
        edit_url, {"description": "Text som inte får försvinna", "website": "https://example.org", "logo": upload()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Text som inte får försvinna" in body
    assert fragment in body
    organisation_a.refresh_from_db()
    assert organisation_a.description == ""
    assert not organisation_a.logo


def test_bad_logo_message_in_english(client_for, edit_url):
    client = client_for("partner_a")
    response = client.post(
        edit_url,
        {"description": "x", "website": "", "logo": images.not_an_image()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    translation.activate("sv")
    assert "not an image we can read" in response.content.decode()


def test_image_upload_png_logo_is_kept_png(client_for, organisation_a, edit_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client_for("coordinator").post(edit_url, {"description": "", "website": "", "logo": images.png()})
    organisation_a.refresh_from_db()
    assert organisation_a.logo.name.endswith(".png")
    with Image.open(io.BytesIO(organisation_a.logo.read())) as stored:
        assert stored.format == "PNG"
