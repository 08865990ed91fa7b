"""Wagtail documents and images are checked by content on every upload path (the add view,
the multiple uploader, the chooser's upload tab), as an editor with a real multipart
upload; documents are served with nosniff, inline only when PDF or an image."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from lantian.core.roles import Role

from .sample_files import (
    DISGUISED,
    DISGUISED_IMAGES,
    docx_bytes,
    gif_polyglot,
    image_bytes,
    jpeg_polyglot,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def editor(client_as: Any) -> Client:
    return client_as(Role.EDITOR)


def root() -> int:
    return Collection.get_first_root_node().pk


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# ---- documents


def add_document(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": upload(name, content), "collection": root()},
    )


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=[d[2] for d in DISGUISED])
def test_the_document_add_view_refuses_disguised_files(
    editor: Client, name: str, maker: Any, what: str
) -> None:
    response = add_document(editor, name, maker())
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["form"].errors
    assert "file" in errors
    assert Document.objects.count() == 0


def test_the_document_add_view_names_the_reason(editor: Client) -> None:
    response = add_document(editor, "lie.pdf", DISGUISED[0][1]())
    assert "lie.pdf" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize(
    ("name", "maker"), [("报告.pdf", pdf_bytes), ("通知.docx", docx_bytes), ("表.xlsx", xlsx_bytes)]
)
def test_the_document_add_view_accepts_real_files(editor: Client, name: str, maker: Any) -> None:
    response = add_document(editor, name, maker())
    assert response.status_code == 302
    assert Document.objects.get().title == name


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=[d[2] for d in DISGUISED])
def test_the_multiple_uploader_rejects_disguised_files_at_once(
    editor: Client, name: str, maker: Any, what: str
) -> None:
    from wagtail.models import UploadedFile

    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload(name, maker()), "collection": root()},
    )
    data = json.loads(response.content)
    assert data["success"] is False and name in data["error_message"]
    assert Document.objects.count() == 0 and UploadedFile.objects.count() == 0


def test_the_multiple_uploader_accepts_a_real_pdf(editor: Client) -> None:
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("报告.pdf", pdf_bytes()), "collection": root()},
    )
    assert json.loads(response.content)["success"] is True
    assert Document.objects.count() == 1


def test_the_chooser_upload_refuses_a_disguised_file_and_takes_a_real_one(editor: Client) -> None:
    url = reverse("wagtaildocs_chooser:create")
    prefix = "document-chooser-upload"
    refused = editor.post(
        url,
        {
            f"{prefix}-title": "lie",
            f"{prefix}-file": upload("lie.pdf", DISGUISED[0][1]()),
            f"{prefix}-collection": root(),
        },
    )
    assert json.loads(refused.content)["step"] == "reshow_creation_form"
    assert Document.objects.count() == 0
    accepted = editor.post(
        url,
        {
            f"{prefix}-title": "报告",
            f"{prefix}-file": upload("报告.pdf", pdf_bytes()),
            f"{prefix}-collection": root(),
        },
    )
    assert json.loads(accepted.content)["step"] == "chosen"
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "maker", "disposition"),
    [("报告.pdf", pdf_bytes, "inline"), ("通知.docx", docx_bytes, "attachment")],
)
def test_a_served_document_is_never_sniffed_and_inline_only_when_pdf(
    editor: Client, name: str, maker: Any, disposition: str
) -> None:
    content = maker()  # once: a DOCX made again a second later carries another time
    assert add_document(editor, name, content).status_code == 302
    document = Document.objects.get()
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    response = Client().get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert b"".join(response.streaming_content) == content


# ---- images


def add_image(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": upload(name, content), "collection": root()},
    )


@pytest.mark.parametrize(
    ("name", "maker", "what"), DISGUISED_IMAGES, ids=[d[2] for d in DISGUISED_IMAGES]
)
def test_the_image_add_view_refuses_disguised_files(
    editor: Client, name: str, maker: Any, what: str
) -> None:
    response = add_image(editor, name, maker())
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert Image.objects.count() == 0


@pytest.mark.parametrize(("name", "maker"), [("p.gif", gif_polyglot), ("p.jpg", jpeg_polyglot)])
def test_polyglots_that_wagtail_alone_would_take_are_refused_by_our_check(
    editor: Client, name: str, maker: Any
) -> None:
    from wagtail.images.fields import WagtailImageField

    WagtailImageField().clean(upload(name, maker()))  # a valid image to Willow and Pillow
    errors = add_image(editor, name, maker()).context["form"].errors["file"]
    assert name in errors[0] and "<" in errors[0]


def test_svg_is_refused_unless_listed_and_scripted_svg_even_then(
    editor: Client, settings: Any
) -> None:
    from .sample_files import svg_safe, svg_with_script

    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert "file" in add_image(editor, "logo.svg", svg_safe()).context["form"].errors
    settings.WAGTAILIMAGES_EXTENSIONS = [*settings.WAGTAILIMAGES_EXTENSIONS, "svg"]
    scripted = add_image(editor, "chart.svg", svg_with_script())
    assert "chart.svg" in scripted.context["form"].errors["file"][0]
    assert add_image(editor, "logo.svg", svg_safe()).status_code == 302
    assert Image.objects.get().is_svg()


@pytest.mark.parametrize(
    ("name", "maker"), [("图.png", png_bytes), ("照片.jpg", lambda: image_bytes("JPEG"))]
)
def test_the_image_add_view_accepts_real_images(editor: Client, name: str, maker: Any) -> None:
    assert add_image(editor, name, maker()).status_code == 302
    assert Image.objects.count() == 1


def test_the_image_multiple_uploader_and_chooser_refuse_a_polyglot(editor: Client) -> None:
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("p.gif", gif_polyglot()), "collection": root()},
    )
    assert json.loads(response.content)["success"] is False
    prefix = "image-chooser-upload"
    chooser = editor.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}-title": "p",
            f"{prefix}-file": upload("p.gif", gif_polyglot()),
            f"{prefix}-collection": root(),
        },
    )
    assert json.loads(chooser.content)["step"] == "reshow_creation_form"
    assert Image.objects.count() == 0
    good = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("图.png", png_bytes()), "collection": root()},
    )
    assert json.loads(good.content)["success"] is True
    assert Image.objects.count() == 1
