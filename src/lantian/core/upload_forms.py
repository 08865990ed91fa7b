"""Wagtail's document and image forms with the content checker (:mod:`lantian.core.uploads`).

Named by ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``, these
bases serve every form Wagtail builds for a file: the add and edit views, the
multiple-upload "add" view (which validates each file with the same form before it keeps
anything) and the choosers' upload tabs. A refused file is an error on the ``file`` field,
so the multiple uploader rejects it at once instead of parking it as an ``UploadedFile``.

Documents accept the types of ``WAGTAILDOCS_EXTENSIONS``; images those of
``WAGTAILIMAGES_EXTENSIONS``, so SVG only where it is listed there (and safe even then).
Wagtail's own checks (extension list, Willow opening the image, the image format matching
the extension, size and pixel limits) still run first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtail.images.utils import get_allowed_image_extensions

from lantian.core import uploads


def _checked(file: Any, accept: list[str], max_bytes: int | None) -> Any:
    if isinstance(file, UploadedFile):  # a new file; an unchanged one is in storage
        uploads.check_upload(file, accept=accept, max_bytes=max_bytes)
    return file


class DocumentForm(BaseDocumentForm):
    def clean_file(self) -> Any:
        return _checked(
            self.cleaned_data.get("file"),
            # unset, Wagtail takes any extension: we take any type we can recognise but SVG
            list(
                getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
                or sorted(uploads.KNOWN_EXTENSIONS - {"svg"})
            ),
            getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None),
        )


class ImageForm(BaseImageForm):
    def clean_file(self) -> Any:
        return _checked(
            self.cleaned_data.get("file"),
            list(get_allowed_image_extensions()),
            getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024),
        )
