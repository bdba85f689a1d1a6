"""Every stored image is a real image, within limits, without metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageFile, ImageStat

from klocket.images import ACCEPTED_FORMATS, ImageRejected, accepted_format_names, process_image
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


def _left_and_right_means(cleaned):
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        gray = stored.convert("L")
        width, height = gray.size
        left = ImageStat.Stat(gray.crop((0, 0, width // 10, height))).mean[0]
        right = ImageStat.Stat(gray.crop((width - width // 10, 0, width, height))).mean[0]
    return left, right


def _upload_fields():
    from activities.forms import OrganisationForm
    from activities.staff_forms import activity_image_field
    from safety_walks.photos import PhotoField

    return {
        "activity image": activity_image_field(),
        "partner logo": OrganisationForm.base_fields["logo"],
        "walk or report photo": PhotoField(),
    }


@pytest.mark.parametrize("field_name", ["activity image", "partner logo", "walk or report photo"])
def test_16_bit_grayscale_is_scaled_not_clipped_to_white(field_name):
    """A 16-bit scan keeps its dark parts dark (5000/65535 is about 19/255) in every upload form."""
    cleaned = _upload_fields()[field_name].clean(images.grayscale_16_bit())
    left, right = _left_and_right_means(cleaned)
    assert left < 60
    assert 200 < right < 250


def test_wrong_format_message_names_every_accepted_format():
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="BMP")
    bmp = SimpleUploadedFile("picture.bmp", out.getvalue(), content_type="image/bmp")
    with translation.override("en"), pytest.raises(ImageRejected) as caught:
        process_image(bmp, max_bytes=2_000_000, max_side=600)
    assert str(caught.value) == "Upload a JPEG, PNG, WebP or GIF image."


def test_unreadable_file_message_names_every_accepted_format():
    with translation.override("en"), pytest.raises(ImageRejected) as caught:
        process_image(images.not_an_image(), max_bytes=2_000_000, max_side=600)
    assert "JPEG, PNG, WebP or GIF" in str(caught.value)


def test_format_names_follow_the_accepted_list(monkeypatch):
    monkeypatch.setitem(ACCEPTED_FORMATS, "TIFF", ("TIFF", "image/tiff"))
    with translation.override("en"):
        assert accepted_format_names() == "JPEG, PNG, WebP, GIF or TIFF"
