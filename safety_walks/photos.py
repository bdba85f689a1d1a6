"""Photos of deficiencies: real images, at most 10 MB, resized, EXIF and GPS removed, with a thumbnail.

``prepare_photo`` runs on every way a photo is stored (see the models' ``save``); forms use
``PhotoField`` so a bad file gets its message next to the field, and mark what they cleaned
so it is not re-encoded a second time.
"""

from django.conf import settings
from django.forms import ClearableFileInput

from klocket.images import ProcessedImageField, process_image

PHOTO_MAX_BYTES = getattr(settings, "KLOCKET_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_MAX_SIDE = 1600
THUMBNAIL_MAX_SIDE = 400


def prepare_photo(upload):
    """Return (photo, thumbnail): re-encoded copies without metadata. Raises ImageRejected."""
    if getattr(upload, "klocket_processed", False):
        photo = upload
    else:
        photo = process_image(upload, max_bytes=PHOTO_MAX_BYTES, max_side=PHOTO_MAX_SIDE)
    thumbnail = process_image(photo, max_bytes=PHOTO_MAX_BYTES, max_side=THUMBNAIL_MAX_SIDE)
    photo.seek(0)
    return photo, thumbnail


class CameraInput(ClearableFileInput):
    """A file input that opens the phone's rear camera, and accepts any image the phone makes."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", "capture": "environment", **(attrs or {})})


class PhotoField(ProcessedImageField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", CameraInput())
        super().__init__(max_bytes=PHOTO_MAX_BYTES, max_side=PHOTO_MAX_SIDE, **kwargs)

    def to_python(self, data):
        cleaned = super().to_python(data)
        if cleaned is not None:
            cleaned.klocket_processed = True
        return cleaned
