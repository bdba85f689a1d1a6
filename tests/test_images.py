"""Every stored image is a real image, within limits, without metadata."""

import io

import pytest
from django.utils import translation
from PIL import Image

from klocket.images import ImageRejected, process_image
from tests import images


def test_camera_photo_loses_exif_and_gps_and_is_resized():
    cleaned = process_image(images.jpeg_with_gps(), max_bytes=10_000_000, max_side=600)
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 600
        exif = stored.getexif()
        assert images.GPS_IFD not in exif
        assert 0x0110 not in exif
        assert "exif" not in stored.info


def test_transparent_png_stays_png():
    cleaned = process_image(images.png(), max_bytes=2_000_000, max_side=600)
    assert cleaned.name.endswith(".png")
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.mode == "RGBA"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (images.not_an_image(), "not an image"),
        (images.decompression_bomb(), "too large"),
        (images.oversized(), "limit is"),
    ],
    ids=["not-an-image", "decompression-bomb", "too-many-bytes"],
)
def test_bad_uploads_are_refused_with_a_reason(upload, message):
    with translation.override("en"), pytest.raises(ImageRejected, match=message):
        process_image(upload, max_bytes=2 * 1024 * 1024, max_side=600)
