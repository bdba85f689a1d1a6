"""Uploaded images: only real images, within size and pixel limits, resized, metadata stripped.

Every upload path (logos, activity images, walk photos) goes through ``process_image`` so
no file reaches storage with its EXIF or GPS data.
"""

import io
import os
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# For an image field that names no limits of its own (the admin's fallback, klocket/admin_base.py).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SIDE = 1600


class ImageRejected(ValueError):
    """The upload is not an image this portal will store; the message is for the user."""


# The one list of what is accepted: Pillow's format name -> (name shown to people, MIME type).
# MPO is the multi-picture JPEG some phones write; it is a JPEG to the person uploading it.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "WEBP": ("WebP", "image/webp"),
    "GIF": ("GIF", "image/gif"),
    "MPO": (None, "image/jpeg"),
}
ACCEPT_ATTRIBUTE = ",".join(dict.fromkeys(mime for _label, mime in ACCEPTED_FORMATS.values()))
# Grayscale with more than 8 bits a sample (16-bit PNGs from scanners and phones).
WIDE_GRAYSCALE_MODES = {"I", "I;16", "I;16L", "I;16B", "I;16N"}


def accepted_format_names() -> str:
    """'JPEG, PNG, WebP or GIF' in the active language, from ``ACCEPTED_FORMATS``."""
    return get_text_list([label for label, _mime in ACCEPTED_FORMATS.values() if label], _("or"))


def _image_help_text(max_bytes: int) -> str:
    return _("%(formats)s, at most %(limit)s. It is resized and its metadata (such as GPS) removed.") % {
        "formats": accepted_format_names(),
        "limit": filesizeformat(max_bytes),
    }


image_help_text = lazy(_image_help_text, str)


def _wrong_format() -> ImageRejected:
    return ImageRejected(_("Upload a %(formats)s image.") % {"formats": accepted_format_names()})


def _to_eight_bits(image: Image.Image) -> Image.Image:
    """Wide grayscale scaled to 0-255: a plain ``convert`` clips every value above 255 to white."""
    if image.mode in WIDE_GRAYSCALE_MODES:
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image


def process_image(upload, *, max_bytes: int, max_side: int, max_pixels: int | None = None) -> SimpleUploadedFile:
    """Validate an uploaded file and return a re-encoded copy without metadata.

    Raises ``ImageRejected`` with a translated message on anything that is not a usable image.
    """
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise _wrong_format()
                width, height = probe.size
                if width * height > max_pixels:
                    raise ImageRejected(
                        _("The image is %(width)s × %(height)s pixels, which is too large.")
                        % {"width": width, "height": height}
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                source_format = image.format
                image = _to_eight_bits(ImageOps.exif_transpose(image))
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_("The image has too many pixels, which is too large to process.")) from None
    except UnidentifiedImageError:
        message = _("The file is not an image we can read. Upload a %(formats)s image.")
        raise ImageRejected(message % {"formats": accepted_format_names()}) from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected(_("The image file is damaged or incomplete.")) from None

    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA", "P") and source_format in {"PNG", "WEBP", "GIF"}
    out = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image = image.convert("RGB")
        # A fresh image object: no EXIF, no GPS, no ICC profile copied across.
        image.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        extension, content_type = "jpg", "image/jpeg"
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "image"))[0][:60] or "image"
    return SimpleUploadedFile(f"{base}.{extension}", out.getvalue(), content_type=content_type)


class ProcessedImageField(forms.FileField):
    """A form field that accepts only real images and hands the form a cleaned copy."""

    default_error_messages = {"invalid_image": "%(reason)s"}

    def __init__(self, *, max_bytes: int, max_side: int, **kwargs):
        self.max_bytes = max_bytes
        self.max_side = max_side
        kwargs.setdefault("help_text", image_help_text(max_bytes))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            return process_image(upload, max_bytes=self.max_bytes, max_side=self.max_side)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc), code="invalid_image") from None
