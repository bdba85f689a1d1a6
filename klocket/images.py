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
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# For an image field that names no limits of its own (the admin's fallback, klocket/admin_base.py).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SIDE = 1600


class ImageRejected(ValueError):
    """The upload is not an image this portal will store; the message is for the user."""


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
                    raise ImageRejected(_("Upload a JPEG, PNG, WebP or GIF image."))
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
                image = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_("The image has too many pixels, which is too large to process.")) from None
    except UnidentifiedImageError:
        raise ImageRejected(_("The file is not an image we can read. Upload a JPEG, PNG or WebP picture.")) from None
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
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            return process_image(upload, max_bytes=self.max_bytes, max_side=self.max_side)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc), code="invalid_image") from None
