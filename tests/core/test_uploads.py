"""The one content checker (lantian.core.uploads): types read from the bytes, the polyglot
rule, SVG only where allowed and safe, the serving headers and the settings checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from lantian.core import uploads
from lantian.core.upload_forms import DocumentForm

from .sample_files import (
    DISGUISED,
    DISGUISED_IMAGES,
    ELF,
    PAGE,
    docx_bytes,
    docx_with_page,
    gif_polyglot,
    image_bytes,
    pdf_bytes,
    png_bytes,
    svg_safe,
    svg_with_script,
    xlsx_bytes,
    zip_bytes,
)

DOCUMENTS = ("pdf", "docx", "xlsx", "csv", "odt", "ods", "zip", "ofd")
IMAGES = ("gif", "jpg", "jpeg", "png", "webp")


def refusal(name: str, content: bytes, accept: Any = DOCUMENTS) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        uploads.check_file(name, content, accept=accept)
    assert name in refused.value.messages[0]  # the message names the file
    return refused.value


@pytest.mark.parametrize(
    ("name", "maker", "content_type"),
    [
        ("报告.pdf", pdf_bytes, uploads.PDF),
        ("通知.docx", docx_bytes, uploads.DOCX),
        ("数据.xlsx", xlsx_bytes, uploads.XLSX),
        ("数据.csv", lambda: "站点,AQI\n滨江,42\n".encode("gb18030"), uploads.CSV),
        ("数据.csv", lambda: "\ufeff站点,AQI\n".encode(), uploads.CSV),
        ("附件.zip", lambda: zip_bytes({"a.csv": b"1,2\n", "b.pdf": pdf_bytes()}), uploads.ZIP),
        ("图.png", png_bytes, uploads.PNG),
        ("照片.JPG", lambda: image_bytes("JPEG"), uploads.JPEG),
        ("动图.gif", lambda: image_bytes("GIF"), uploads.GIF),
    ],
)
def test_real_files_are_accepted_with_the_type_of_their_content(
    name: str, maker: Any, content_type: str
) -> None:
    content = maker()
    checked = uploads.check_file(name, content, accept=DOCUMENTS + IMAGES)
    assert checked.content_type == content_type
    assert checked.size == len(content) and len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=[d[2] for d in DISGUISED])
def test_disguised_documents_are_refused(name: str, maker: Any, what: str) -> None:
    refusal(name, maker(), (*DOCUMENTS, "svg"))


@pytest.mark.parametrize(
    ("name", "maker", "what"), DISGUISED_IMAGES, ids=[d[2] for d in DISGUISED_IMAGES]
)
def test_disguised_images_are_refused(name: str, maker: Any, what: str) -> None:
    refusal(name, maker(), (*IMAGES, "svg"))


def test_html_named_pdf_is_no_accepted_type() -> None:
    assert refusal("lie.pdf", PAGE).code == "bad_type"
    assert refusal("lie.pdf", b"\xef\xbb\xbf  \n<html><body>x</body></html>").code == "bad_type"


def test_an_executable_renamed_docx_is_no_accepted_type() -> None:
    assert refusal("report.docx", ELF).code == "bad_type"


def test_a_file_named_for_another_type_is_refused() -> None:
    error = refusal("x.docx", pdf_bytes())
    assert error.code == "wrong_extension" and "PDF" in error.messages[0]


# ---- the polyglot rule


def test_markup_in_the_first_kilobytes_is_refused_whatever_the_header() -> None:
    assert refusal("anim.gif", gif_polyglot(), IMAGES).code == "markup"
    pdf = pdf_bytes()
    for tag in (b"<script>", b"<SCRIPT src=x>", b"<!doctype html>", b"<svg onload=x>", b"<html>"):
        assert refusal("scan.pdf", pdf[:9] + tag + pdf[9:]).code == "markup"


def test_markup_in_utf16_is_found_too() -> None:
    page = "\ufeff<html><script>alert(1)</script></html>".encode("utf-16-le")
    assert uploads.markup_near_start(page) == "<html"


def test_markup_beyond_the_sniffed_bytes_or_without_a_tag_boundary_is_not_markup() -> None:
    pdf = pdf_bytes()
    late = pdf[:9] + b"%" + b"x" * uploads.SNIFF_BYTES + b"\n<script>" + pdf[9:]
    assert uploads.check_file("late.pdf", late, accept=DOCUMENTS).content_type == uploads.PDF
    assert uploads.markup_near_start(b"%PDF-1.4 <htmlish <scripts <svgz") is None


def test_a_pdf_that_is_also_a_zip_is_refused() -> None:
    error = refusal("scan.pdf", pdf_bytes() + zip_bytes({"a.txt": b"hello"}))
    assert error.code == "polyglot"


def test_archives_with_active_or_escaping_parts_are_refused() -> None:
    assert refusal("report.docx", docx_with_page()).code == "package_member"
    for member in ("site/index.html", "../evil.txt", "/etc/passwd", "macro.exe", "run.JS"):
        content = zip_bytes({"data.csv": b"1,2\n", member: b"x"})
        assert refusal("a.zip", content).code == "package_member"


def test_a_zip_that_starts_with_a_stored_page_is_refused() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("readme.txt", PAGE)
    assert refusal("a.zip", out.getvalue()).code == "markup"


# ---- SVG


def test_svg_is_refused_unless_explicitly_accepted() -> None:
    assert refusal("logo.svg", svg_safe(), IMAGES).code == "bad_type"
    checked = uploads.check_file("logo.svg", svg_safe(), accept=(*IMAGES, "svg"))
    assert checked.content_type == uploads.SVG


@pytest.mark.parametrize(
    "body",
    [
        b"<script>alert(1)</script>",
        b'<rect onload="alert(1)"/>',
        b'<a href="javascript:alert(1)"><rect/></a>',
        b'<a href="&#106;avascript:alert(1)"><rect/></a>',
        b'<image href="https://tracker.example/p.png"/>',
        b"<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'/></foreignObject>",
        b"<style>@import url(https://evil.example/x.css);</style>",
        b'<set attributeName="href" to="https://evil.example"/>',
    ],
)
def test_scripted_or_linking_svg_is_refused_even_when_svg_is_accepted(body: bytes) -> None:
    content = b'<svg xmlns="http://www.w3.org/2000/svg">' + body + b"</svg>"
    assert refusal("chart.svg", content, ("svg",)).code == "unsafe_svg"


def test_svg_with_entities_is_refused() -> None:
    content = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    )
    assert refusal("chart.svg", content, ("svg",)).code == "unsafe_svg"
    assert refusal("chart.svg", svg_with_script(), ("svg",)).code == "unsafe_svg"


# ---- limits and uploaded files


def test_size_limit_and_empty_files() -> None:
    with pytest.raises(ValidationError) as refused:
        uploads.check_file("big.pdf", pdf_bytes() + b"\0" * 2048, accept=DOCUMENTS, max_bytes=1024)
    assert refused.value.code == "too_large"
    assert refusal("empty.pdf", b"").code == "empty"


def test_an_uploaded_file_is_checked_in_place_and_left_rewound() -> None:
    upload = SimpleUploadedFile("报告.pdf", pdf_bytes())
    upload.read(5)
    assert uploads.check_upload(upload, accept=DOCUMENTS).content_type == uploads.PDF
    assert upload.tell() == 0
    validate = uploads.upload_validator(DOCUMENTS)
    with pytest.raises(ValidationError):
        validate(SimpleUploadedFile("lie.pdf", PAGE))


# ---- serving


@pytest.mark.parametrize(
    ("name", "maker", "inline"),
    [("a.pdf", pdf_bytes, True), ("a.png", png_bytes, True), ("a.docx", docx_bytes, False)],
)
def test_served_files_are_never_sniffed_and_inline_only_when_pdf_or_image(
    tmp_path: Any, name: str, maker: Any, inline: bool
) -> None:
    from django.db.models.fields.files import FieldFile, FileField

    # made once: a DOCX made again a second later differs (its ZIP entries carry the time)
    data = maker()
    storage = FileSystemStorage(location=tmp_path)
    stored = storage.save(name, ContentFile(data))
    field = FieldFile(None, FileField(storage=storage), stored)
    for content_type in (uploads.detect_type(data), None):  # recorded, or read now
        response = uploads.file_response(field, filename=name, content_type=content_type)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
        assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
        assert response["Content-Type"] == uploads.detect_type(data)
        assert b"".join(response.streaming_content) == data
        response.file_to_stream.close()  # (not response.close(): no request, no signal)


def test_an_unrecognised_stored_file_is_served_as_an_octet_stream_attachment(
    tmp_path: Any,
) -> None:
    from django.db.models.fields.files import FieldFile, FileField

    storage = FileSystemStorage(location=tmp_path)
    stored = storage.save("old.pdf", ContentFile(PAGE))  # from before the checker
    field = FieldFile(None, FileField(storage=storage), stored)
    response = uploads.file_response(field, filename="old.pdf", content_type="text/html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    response.file_to_stream.close()


# ---- the settings check


def ids() -> list[str]:
    return [message.id for message in uploads.check_upload_settings()]


def test_the_project_settings_pass_the_upload_check() -> None:
    assert ids() == []


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml"])
def test_inline_html_or_svg_documents_are_warned_about(settings: Any, content_type: str) -> None:
    settings.WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", content_type]
    assert ids() == [uploads.UNSAFE_INLINE]


def test_foreign_form_bases_direct_serving_and_unknown_extensions_are_warned_about(
    settings: Any,
) -> None:
    settings.WAGTAILDOCS_DOCUMENT_FORM_BASE = "wagtail.documents.forms.BaseDocumentForm"
    settings.WAGTAILIMAGES_IMAGE_FORM_BASE = ""
    settings.WAGTAILDOCS_SERVE_METHOD = "direct"
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "html"]
    assert ids() == [
        uploads.FOREIGN_DOCUMENT_FORM,
        uploads.FOREIGN_IMAGE_FORM,
        uploads.DIRECT_DOCUMENTS,
        uploads.UNCHECKABLE_EXTENSIONS,
    ]


def test_a_subclass_of_our_form_base_is_ours(settings: Any) -> None:
    settings.WAGTAILDOCS_DOCUMENT_FORM_BASE = "tests.core.test_uploads.OurSubclass"
    assert ids() == []


def test_the_check_is_registered_with_django() -> None:
    from django.core.checks.registry import registry

    assert uploads.check_upload_settings in registry.get_checks()


class OurSubclass(DocumentForm):
    pass
