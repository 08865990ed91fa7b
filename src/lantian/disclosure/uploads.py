"""Files attached to disclosure items: which types are accepted and how large.

The checking itself is :mod:`lantian.core.uploads` (type read from the content, the
polyglot rule); this module only says what a disclosure item may carry: PDF, DOCX, XLSX,
PNG and JPEG up to ``DISCLOSURE_MAX_UPLOAD_MB``.
"""

from __future__ import annotations

from django.conf import settings

from lantian.core import uploads
from lantian.core.uploads import DOCX, JPEG, PDF, PNG, XLSX, CheckedFile

__all__ = ["ACCEPTED_EXTENSIONS", "DOCX", "JPEG", "PDF", "PNG", "XLSX", "check_file"]

ACCEPTED_EXTENSIONS = ("pdf", "docx", "xlsx", "png", "jpg", "jpeg")


def max_upload_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_file(filename: str, content: bytes) -> CheckedFile:
    """Accept ``content`` as an attachment called ``filename`` or raise ValidationError."""
    return uploads.check_file(
        filename, content, accept=ACCEPTED_EXTENSIONS, max_bytes=max_upload_bytes()
    )


def validate_attachment_file(file: object) -> None:
    """Model field validator: the same checks for the back-office upload form."""
    if getattr(file, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    uploads.check_upload(file, accept=ACCEPTED_EXTENSIONS, max_bytes=max_upload_bytes())
