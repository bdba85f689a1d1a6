"""Every stored image is a real image, within limits, without metadata."""

import io

import pytest
from django.utils import translation
from PIL import Image, ImageFile

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


def test_too_many_pixels_are_refused_by_the_declared_size_before_any_decoding(monkeypatch):
    # A small file can declare a huge picture (a 154 KB PNG of 40 megapixels took 2-3 s and
    # 470 MB to decode): the header's size decides, the pixels are never read.
    def must_not_decode(self, *args, **kwargs):
        raise AssertionError("the image was decoded before its size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    with translation.override("en"), pytest.raises(ImageRejected, match="1001 × 1000 pixels, which is too large"):
        process_image(images.png(size=(1001, 1000)), max_bytes=2_000_000, max_side=600, max_pixels=1_000_000)
