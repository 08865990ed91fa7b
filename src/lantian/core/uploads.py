"""One checker for every uploaded file: its type is read from its content, never its name.

Every upload path uses it: disclosure attachments (``disclosure.uploads``), FOI released
files (``foi.services.add_released_file``), Wagtail documents and images (the form bases
in :mod:`lantian.core.upload_forms`). Each caller says which extensions it accepts; the
checker knows how to recognise each of :data:`KINDS` from its bytes and refuses, with a
message naming the file, anything it cannot recognise, anything whose name claims another
type, and anything that is two things at once.

How a type is recognised
------------------------
- Binary formats by their signature (``filetype``): PDF, PNG, JPEG, GIF, WebP, AVIF.
- ZIP packages by what is inside them: an Office Open XML file (DOCX, XLSX) by the main
  part its ``[Content_Types].xml`` declares, an OpenDocument file (ODT, ODS) by its
  ``mimetype`` member, an OFD file (GB/T 33190) by its ``OFD.xml``; any other archive is
  a plain ZIP.
- Text (no NUL byte, UTF-8 or GB18030, no control characters) is CSV, unless it starts
  with markup: then it is SVG when its root element is ``<svg>``, and refused otherwise
  (an HTML page is no accepted type, whatever its name).

The polyglot rule
-----------------
A file must be one thing only. Whatever its signature says, it is refused when:

1. Its first :data:`SNIFF_BYTES` (4 KB), compared without case, contain a tag that makes
   a browser treat bytes as a web page or run them — ``<!doctype html``, ``<html``,
   ``<head``, ``<body``, ``<script``, ``<iframe``, ``<frameset``, ``<object``,
   ``<embed``, ``<svg``, ``<style``, ``<title``, ``<meta``, ``<link``, ``<img``, each
   followed by a space, ``/`` or ``>`` (:data:`MARKUP`). Content sniffers look at the
   first bytes of a response; a GIF, JPEG or PDF header followed by a page there can be
   rendered as that page. A file that starts with a UTF-16 byte-order mark is also read
   as UTF-16 for the same tags.
   The rule holds for every format, ZIP packages included: the first KBs of a genuine
   DOCX, XLSX, ODT, ODS or OFD are ZIP headers and deflated data, and text inside Office
   XML escapes ``<`` as ``&lt;``, so these tags do not occur there in an honest file.
   The only exemption is SVG, where markup is the format itself; it has rule 3 instead.
2. A file that is not a ZIP package (PDF, image, CSV, SVG) is also a readable ZIP archive.
   ZIP readers find an archive from its end, so a PDF or JPEG with a ZIP appended is
   both. A ZIP package, in turn, must be a ZIP from its first byte and its parts must be
   fine: every member named with a relative path without ``..``, and no member an HTML
   page, a script or an executable (:data:`ACTIVE_MEMBER_SUFFIXES`).
3. SVG is accepted only where the caller accepts ``svg`` explicitly, and then only when
   it parses as XML without a DOCTYPE subset or entities and holds no ``<script>``, no
   ``<foreignObject>``, ``<iframe>``, ``<embed>``, ``<object>`` or ``<handler>``, no
   ``on…`` event attribute, no ``href`` except to a fragment (``#id``) or an embedded
   raster image, and no ``javascript:``, ``vbscript:``, ``data:text/html`` or
   ``@import`` anywhere. A doubtful SVG is refused, never cleaned.

:func:`file_response` serves a checked file: ``nosniff``, ``default-src 'none'``, and
inline only for PDF and raster images (:data:`INLINE_TYPES`); everything else is an
attachment. The system checks at the end warn when Wagtail's settings would bypass this.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
AVIF = "image/avif"
SVG = "image/svg+xml"
CSV = "text/csv"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
OFD = "application/ofd"


@dataclass(frozen=True)
class Kind:
    """A type the checker can recognise from content, and the extensions it may carry."""

    content_type: str
    extensions: tuple[str, ...]  # lower case, no dot; the first is the usual one
    label: str
    package: bool = False  # a ZIP package (its parts are checked)


KINDS: dict[str, Kind] = {
    kind.content_type: kind
    for kind in (
        Kind(PDF, ("pdf",), "PDF"),
        Kind(DOCX, ("docx",), "DOCX", package=True),
        Kind(XLSX, ("xlsx",), "XLSX", package=True),
        Kind(ODT, ("odt",), "ODT", package=True),
        Kind(ODS, ("ods",), "ODS", package=True),
        Kind(OFD, ("ofd",), "OFD", package=True),
        Kind(ZIP, ("zip",), "ZIP", package=True),
        Kind(CSV, ("csv",), "CSV"),
        Kind(PNG, ("png",), "PNG"),
        Kind(JPEG, ("jpg", "jpeg"), "JPEG"),
        Kind(GIF, ("gif",), "GIF"),
        Kind(WEBP, ("webp",), "WebP"),
        Kind(AVIF, ("avif",), "AVIF"),
        Kind(SVG, ("svg",), "SVG"),
    )
}
KNOWN_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)
# Served inline (a browser shows them in place); everything else is an attachment.
INLINE_TYPES = frozenset({PDF, PNG, JPEG, GIF, WEBP, AVIF})

# the main part of an Office Open XML package, as declared in [Content_Types].xml
OFFICE_MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
OPENDOCUMENT_TYPES = {ODT.encode(), ODS.encode()}
# what filetype calls a file that starts as a ZIP archive
ZIP_SIGNATURES = {
    ZIP,
    DOCX,
    XLSX,
    ODT,
    ODS,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
    "application/epub+zip",
}
# filetype's name for an animated PNG, which is still a PNG
ALIASES = {"image/apng": PNG}

SNIFF_BYTES = 4096  # the polyglot rule reads this much (rule 1)
SIGNATURE_BYTES = 8192  # filetype reads this much
MAX_DECLARATION_BYTES = 1024 * 1024  # [Content_Types].xml or mimetype larger than this: refused
MAX_SVG_BYTES = 5 * 1024 * 1024
MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|frameset|object|embed|svg|style|"
    rb"title|meta|link|img)[\s/>]",
    re.IGNORECASE,
)
ACTIVE_MEMBER_SUFFIXES = frozenset(
    {
        ".htm",
        ".html",
        ".xhtml",
        ".xht",
        ".shtml",
        ".hta",
        ".js",
        ".mjs",
        ".vbs",
        ".vbe",
        ".wsf",
        ".ps1",
        ".bat",
        ".cmd",
        ".com",
        ".exe",
        ".dll",
        ".scr",
        ".msi",
        ".jar",
        ".sh",
        ".lnk",
    }
)
SVG_ROOT = re.compile(
    r"(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+svg[^>\[]*(?:\[.*?\])?\s*>\s*)?"
    r"(?:<!--.*?-->\s*)*"
    r"<svg[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
)
SVG_FORBIDDEN_TEXT = ("javascript:", "vbscript:", "data:text/html", "@import", "<!entity")
SVG_SAFE_HREF = re.compile(r"#|data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


# ------------------------------------------------------------------ recognising a type


def _zip_archive(file: IO[bytes]) -> zipfile.ZipFile | None:
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return archive


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_DECLARATION_BYTES:
            return None
        return archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None


def _package_kind(file: IO[bytes]) -> Kind | None:
    """The kind of a file that starts as a ZIP archive, from the parts inside it."""
    archive = _zip_archive(file)
    if archive is None:
        return None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            declared = _small_member(archive, "[Content_Types].xml")
            text = (declared or b"").decode("utf-8", "replace")
            for content_type, main_part in OFFICE_MAIN_PARTS.items():
                if f'ContentType="{main_part}"' in text:
                    return KINDS[content_type]
            return None  # another Office type (PPTX …) or a broken package
        if "mimetype" in names:
            declared = (_small_member(archive, "mimetype") or b"").strip()
            return KINDS[declared.decode()] if declared in OPENDOCUMENT_TYPES else None
        if "OFD.xml" in names:
            return KINDS[OFD]
        return KINDS[ZIP]


def _decode_text(head: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
    return None


def _text_kind(head: bytes) -> Kind | None:
    if b"\x00" in head:
        return None
    text = _decode_text(head)
    if text is None or CONTROL_CHARACTERS.search(text):
        return None
    start = text.lstrip("\ufeff \t\r\n\f")
    if start.startswith("<"):
        return KINDS[SVG] if SVG_ROOT.match(start) else None  # HTML, XML: no accepted type
    return KINDS[CSV]


def _detect(head: bytes, file: IO[bytes]) -> Kind | None:
    guessed = filetype.guess(head)
    if guessed is None:
        return _text_kind(head)
    mime = ALIASES.get(guessed.mime, guessed.mime)
    if mime in ZIP_SIGNATURES:
        return _package_kind(file)
    kind = KINDS.get(mime)
    return kind if kind is not None and not kind.package else None


def detect_type(content: bytes) -> str | None:
    """The content type :data:`KINDS` recognises in ``content``, or None."""
    kind = _detect(content[:SIGNATURE_BYTES], io.BytesIO(content))
    return kind.content_type if kind else None


# ------------------------------------------------------------------ the polyglot rule


def markup_near_start(head: bytes) -> str | None:
    """The first web-page tag in the first :data:`SNIFF_BYTES` (rule 1), or None."""
    head = head[:SNIFF_BYTES]
    texts = [head]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        texts.append(head.decode("utf-16", "replace").encode("utf-8", "replace"))
    for text in texts:
        found = MARKUP.search(text)
        if found:
            return found.group(0)[:-1].decode("ascii", "replace").lower()
    return None


def _is_zip(file: IO[bytes]) -> bool:
    archive = _zip_archive(file)
    if archive is None:
        return False
    archive.close()
    return True


def _package_problem(file: IO[bytes]) -> str | None:
    """A member that makes a ZIP package unacceptable (rule 2), or None."""
    archive = _zip_archive(file)
    if archive is None:
        return "?"
    with archive:
        for name in archive.namelist():
            path = PurePosixPath(name.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or ":" in name:
                return name
            if path.suffix.lower() in ACTIVE_MEMBER_SUFFIXES:
                return name
    return None


def svg_problem(content: bytes) -> str | None:
    """What makes an SVG unsafe (rule 3), in the SVG's own words, or None."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "encoding"
    lowered = text.lower()
    for needle in SVG_FORBIDDEN_TEXT:
        if needle in lowered:
            return needle
    if re.search(r"<!doctype[^>]*\[", lowered):
        return "<!DOCTYPE [...]>"
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return "XML"
    if root.tag.rsplit("}", 1)[-1].lower() != "svg":
        return root.tag
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag.lower() in SVG_FORBIDDEN_ELEMENTS:
            return f"<{tag}>"
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                return attribute
            if name == "href" and not SVG_SAFE_HREF.match(value.strip()):
                return f'href="{value[:40]}"'
            if any(needle in value.lower() for needle in SVG_FORBIDDEN_TEXT):
                return attribute
        if tag.lower() in ("set", "animate") and "href" in element.get("attributeName", ""):
            return f"<{tag} attributeName=href>"
    return None


# ------------------------------------------------------------------ the checker


def _name(filename: str | None) -> str:
    return PurePosixPath((filename or "").replace("\\", "/")).name or _("(unnamed file)")


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is %(size).1f MB; the limit is %(limit)d MB.")
        % {"name": name, "size": size / 1024 / 1024, "limit": limit // 1024 // 1024},
        code="too_large",
    )


def _labels(accept: Collection[str]) -> str:
    labels = [k.label for k in KINDS.values() if any(e in accept for e in k.extensions)]
    return ", ".join(labels)


def _refused(name: str, message: str, code: str, **values: Any) -> ValidationError:
    return ValidationError(message % {"name": name, **values}, code=code)


def check_stream(
    filename: str,
    file: IO[bytes],
    *,
    accept: Iterable[str],
    max_bytes: int | None = None,
    size: int | None = None,
) -> CheckedFile:
    """Accept the seekable binary ``file`` called ``filename`` as one of the extensions in
    ``accept`` or raise ValidationError naming it. ``file`` is left rewound."""
    accept = {ext.lower().lstrip(".") for ext in accept}
    name = _name(filename)
    if size is None:
        size = file.seek(0, io.SEEK_END)
    if max_bytes is not None and size > max_bytes:
        raise _too_large(name, size, max_bytes)
    if not size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    try:
        file.seek(0)
        head = file.read(SIGNATURE_BYTES)
        kind = _detect(head, file)
        if kind is None or not accept.intersection(kind.extensions):
            raise _refused(
                name,
                _(
                    "“%(name)s” was refused: its content is not one of the accepted types "
                    "(%(kinds)s), whatever its name says."
                ),
                "bad_type",
                kinds=_labels(accept),
            )
        suffix = PurePosixPath(name).suffix.lower()
        if suffix.lstrip(".") not in kind.extensions or suffix.lstrip(".") not in accept:
            raise _refused(
                name,
                _(
                    "“%(name)s” was refused: its content is a %(kind)s file but its name "
                    "ends in “%(suffix)s”."
                ),
                "wrong_extension",
                kind=kind.label,
                suffix=suffix or _("(no extension)"),
            )
        _check_polyglot(name, kind, head, file, size)
        file.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    finally:
        file.seek(0)
    return CheckedFile(kind.content_type, size, digest.hexdigest())


def _check_polyglot(name: str, kind: Kind, head: bytes, file: IO[bytes], size: int) -> None:
    if kind.content_type == SVG:
        if size > MAX_SVG_BYTES:
            raise _too_large(name, size, MAX_SVG_BYTES)
        file.seek(0)
        problem = svg_problem(file.read())
        if problem is not None:
            raise _refused(
                name,
                _(
                    "“%(name)s” was refused: the SVG image contains “%(what)s”, which could run "
                    "as script or load other content."
                ),
                "unsafe_svg",
                what=problem,
            )
        return
    tag = markup_near_start(head)
    if tag is not None:
        raise _refused(
            name,
            _(
                "“%(name)s” was refused: it holds web-page markup (“%(tag)s”) near its start, "
                "so a browser could open it as a page."
            ),
            "markup",
            tag=tag,
        )
    if kind.package:
        member = _package_problem(file)
        if member is not None:
            raise _refused(
                name,
                _("“%(name)s” was refused: its archive holds “%(member)s”, which is not allowed."),
                "package_member",
                member=member,
            )
    elif _is_zip(file):
        raise _refused(
            name,
            _("“%(name)s” was refused: it is a %(kind)s file and a ZIP archive at the same time."),
            "polyglot",
            kind=kind.label,
        )


def check_file(
    filename: str, content: bytes, *, accept: Iterable[str], max_bytes: int | None = None
) -> CheckedFile:
    """:func:`check_stream` for bytes in memory."""
    return check_stream(
        filename, io.BytesIO(content), accept=accept, max_bytes=max_bytes, size=len(content)
    )


def check_upload(file: Any, *, accept: Iterable[str], max_bytes: int | None = None) -> CheckedFile:
    """:func:`check_stream` for an uploaded (or Django) file, read in place and rewound."""
    return check_stream(
        getattr(file, "name", "") or "",
        file,
        accept=accept,
        max_bytes=max_bytes,
        size=getattr(file, "size", None),
    )


def upload_validator(accept: Iterable[str], max_bytes: int | None = None) -> Any:
    """A form or model field validator: files already in storage were checked on upload."""
    accept = tuple(accept)

    def validate(file: Any) -> None:
        if file is None or getattr(file, "_committed", False):
            return
        check_upload(file, accept=accept, max_bytes=max_bytes)

    return validate


# ------------------------------------------------------------------ serving


def file_response(field: Any, *, filename: str, content_type: str | None = None) -> FileResponse:
    """A checked file for download: inline only for PDF and raster images (by the type its
    content was found to be: ``content_type`` as recorded on upload, else read from the
    stored bytes now), an attachment otherwise; never sniffed, never a page."""
    if not field or not field.name:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if not content_type:
        handle.seek(0)
        kind = _detect(handle.read(SIGNATURE_BYTES), handle)
        handle.seek(0)
        content_type = kind.content_type if kind else ""
    if content_type not in KINDS:
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# ------------------------------------------------------------------ deployment checks

DOCUMENT_FORM = "lantian.core.upload_forms.DocumentForm"
IMAGE_FORM = "lantian.core.upload_forms.ImageForm"
UNSAFE_INLINE = "lantian.W020"
FOREIGN_DOCUMENT_FORM = "lantian.W021"
FOREIGN_IMAGE_FORM = "lantian.W022"
DIRECT_DOCUMENTS = "lantian.W023"
UNCHECKABLE_EXTENSIONS = "lantian.W024"


def _is_ours(setting: str, ours: str) -> bool:
    from django.utils.module_loading import import_string

    path = getattr(settings, setting, "") or ""
    if not path:
        return False
    if path == ours:
        return True
    try:
        return issubclass(import_string(path), import_string(ours))
    except (ImportError, TypeError):
        return False


@checks.register(checks.Tags.security)
def check_upload_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when Wagtail would accept or serve files around the content checker."""
    problems: list[checks.CheckMessage] = []
    inline = getattr(settings, "WAGTAILDOCS_INLINE_CONTENT_TYPES", [PDF])
    unsafe = sorted(set(inline) - INLINE_TYPES)
    if unsafe:
        problems.append(
            checks.Warning(
                "WAGTAILDOCS_INLINE_CONTENT_TYPES lets documents of type "
                f"{', '.join(unsafe)} open in the browser, where HTML or SVG runs as a page "
                "of this site.",
                hint="Keep it to application/pdf and raster images (lantian.core.uploads).",
                id=UNSAFE_INLINE,
            )
        )
    for what, setting, ours, check_id in (
        ("documents", "WAGTAILDOCS_DOCUMENT_FORM_BASE", DOCUMENT_FORM, FOREIGN_DOCUMENT_FORM),
        ("images", "WAGTAILIMAGES_IMAGE_FORM_BASE", IMAGE_FORM, FOREIGN_IMAGE_FORM),
    ):
        if not _is_ours(setting, ours):
            problems.append(
                checks.Warning(
                    f"Wagtail {what} are not checked by content: {setting} is not Lantian's form.",
                    hint=f'Set {setting} = "{ours}" (or a subclass).',
                    id=check_id,
                )
            )
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "serve_view":
        problems.append(
            checks.Warning(
                "Wagtail document links may point straight at the file storage, without the "
                "nosniff and attachment headers of Wagtail's serve view.",
                hint='Set WAGTAILDOCS_SERVE_METHOD = "serve_view".',
                id=DIRECT_DOCUMENTS,
            )
        )
    from wagtail.images.utils import get_allowed_image_extensions

    for setting, extensions in (
        ("WAGTAILDOCS_EXTENSIONS", getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []),
        ("WAGTAILIMAGES_EXTENSIONS", get_allowed_image_extensions()),
    ):
        unknown = sorted({e.lower() for e in extensions} - KNOWN_EXTENSIONS)
        if unknown:
            problems.append(
                checks.Warning(
                    f"{setting} lists {', '.join(unknown)}, which the content checker cannot "
                    "recognise: such uploads are always refused.",
                    hint="Remove them, or teach lantian.core.uploads.KINDS the format.",
                    id=UNCHECKABLE_EXTENSIONS,
                )
            )
    return problems
