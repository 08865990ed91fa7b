"""Checks on files attached to disclosure items: type read from the content, size limit.

The name a user gives a file proves nothing: the type is read from the first bytes with
``filetype`` (PDF, PNG, JPEG), and an Office file, being a ZIP, is recognised by the
main part its ``[Content_Types].xml`` declares. A file whose content does not match an
accepted type, or whose extension names another type, is refused with an error naming it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# content type -> extensions a file of that type may carry
ACCEPTED: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
}
# the main part of an Office Open XML package, as declared in [Content_Types].xml
OFFICE_MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ZIP_TYPES = {"application/zip", DOCX, XLSX}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    for content_type, main_part in OFFICE_MAIN_PARTS.items():
        if f'ContentType="{main_part}"' in declared:
            return content_type
    return None


def detect_type(content: bytes) -> str | None:
    """The accepted content type of ``content``, or None when it is none of them."""
    kind = filetype.guess(content[:8192])
    if kind is None:
        return None
    if kind.mime in ZIP_TYPES:
        return _office_type(content)
    return kind.mime if kind.mime in ACCEPTED else None


def _too_large(name: str, size: int) -> ValidationError:
    limit = max_upload_bytes()
    return ValidationError(
        _("“%(name)s” is %(size).1f MB; the limit is %(limit)d MB.")
        % {"name": name, "size": size / 1024 / 1024, "limit": limit // 1024 // 1024},
        code="too_large",
    )


def check_file(filename: str, content: bytes) -> CheckedFile:
    """Accept ``content`` as an attachment called ``filename`` or raise ValidationError."""
    name = PurePosixPath(filename or "").name or _("(unnamed file)")
    if len(content) > max_upload_bytes():
        raise _too_large(name, len(content))
    if not content:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    content_type = detect_type(content)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” was refused: its content is not a PDF, DOCX, XLSX, PNG or JPEG "
                "file, whatever its name says."
            )
            % {"name": name},
            code="bad_type",
        )
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ACCEPTED[content_type]:
        raise ValidationError(
            _(
                "“%(name)s” was refused: its content is a %(kind)s file but its name ends "
                "in “%(suffix)s”."
            )
            % {
                "name": name,
                "kind": ACCEPTED[content_type][0].lstrip(".").upper(),
                "suffix": suffix or _("(no extension)"),
            },
            code="wrong_extension",
        )
    return CheckedFile(content_type, len(content), hashlib.sha256(content).hexdigest())


def read_upload(file: object) -> bytes:
    """All bytes of an uploaded or stored file, leaving it rewound."""
    file.seek(0)  # type: ignore[attr-defined]
    content = file.read()  # type: ignore[attr-defined]
    file.seek(0)  # type: ignore[attr-defined]
    return content


def validate_attachment_file(file: object) -> None:
    """Model field validator: the same checks for the back-office upload form."""
    if getattr(file, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    name = PurePosixPath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is not None and size > max_upload_bytes():
        raise _too_large(name, size)
    check_file(name, read_upload(file))
