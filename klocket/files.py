"""Stored uploads: random names, and files served through the portal when not everyone may see them.

- Every uploaded file is stored under a random name (``RandomName`` as ``upload_to``), never the
  uploader's: a file name can carry a person's name, and an old name would outlive a replaced file.
- A replaced file, or the file of a deleted row, is removed from storage once the transaction
  commits (django-cleanup, ``django_cleanup`` in ``INSTALLED_APPS``): an old image is not
  downloadable at its old address.
- ``file_response`` serves a stored file through a view that has checked who may see it.
"""

import mimetypes
import os
import re
import uuid

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"[a-z0-9]{1,5}")
# The base name random_name gives a file: what a view serving stored files accepts in its URL.
STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{1,5}")


def random_name(folder: str, filename: str) -> str:
    """``folder/<32 hex digits>.<extension of filename>``: nothing of the original name but its type."""
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if not _EXTENSION.fullmatch(extension):
        extension = "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class RandomName:
    """``upload_to=RandomName("logos")`` stores each upload as ``logos/<random>.<extension>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_name(self.folder, filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


@deconstructible
class ServedByView(FileSystemStorage):
    """The default file storage, with URLs of a portal view instead of the public media folder.

    ``ServedByView("activity-image")`` makes ``activity.image.url`` the view's address for the
    file's (random) base name; the view decides who may see it. nginx does not serve these.
    """

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(**kwargs)

    def url(self, name):
        return reverse(self.url_name, args=[os.path.basename(name)])

    def __eq__(self, other):
        return isinstance(other, ServedByView) and other.url_name == self.url_name


def file_response(field, *, public: bool):
    """Serve a stored file through Django, so private ones never sit at a guessable public address."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response
