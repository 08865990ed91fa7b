"""Disclosure attachments: every disguised file refused on the service and the back-office
form field (the one checker, lantian.core.uploads), and the public download served by
its checked type: nosniff always, inline only for PDF and images, never from MEDIA_URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.disclosure import selectors, services
from lantian.disclosure.models import Attachment, DisclosureItem
from lantian.disclosure.uploads import validate_attachment_file
from tests.core.sample_files import DISGUISED, docx_bytes, pdf_bytes, png_bytes

DISGUISED_IDS = [d[2] for d in DISGUISED]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=DISGUISED_IDS)
def test_the_service_refuses_disguised_files_naming_them(
    make_item: Any, staff: dict[Role, Any], name: str, maker: Any, what: str
) -> None:
    item = make_item()
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(actor=staff[Role.EDITOR], item=item, filename=name, content=maker())
    assert name in refused.value.messages[0]
    assert item.attachments.count() == 0
    assert not ModelLogEntry.objects.filter(action=services.ATTACHMENT_ADDED).exists()


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=DISGUISED_IDS)
def test_the_back_office_field_validator_refuses_disguised_files(
    name: str, maker: Any, what: str
) -> None:
    with pytest.raises(ValidationError, match=name.split(".")[0]):
        validate_attachment_file(SimpleUploadedFile(name, maker()))


def test_a_polyglot_is_refused_by_the_polyglot_rule(make_item: Any, staff: dict[Role, Any]) -> None:
    pdf = pdf_bytes()
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(
            actor=staff[Role.EDITOR],
            item=make_item(),
            filename="scan.pdf",
            content=pdf[:9] + b"<script>alert(1)</script>" + pdf[9:],
        )
    assert refused.value.code == "markup"


def published(make_item: Any, staff: dict[Role, Any], *files: tuple[str, bytes]) -> Any:
    item = make_item()
    for name, content in files:
        services.add_attachment(actor=staff[Role.EDITOR], item=item, filename=name, content=content)
    return services.publish_item(actor=None, item=item)


@pytest.mark.parametrize(
    ("name", "maker", "disposition", "content_type"),
    [
        ("报告.pdf", pdf_bytes, "inline", "application/pdf"),
        ("图.png", png_bytes, "inline", "image/png"),
        (
            "通知.docx",
            docx_bytes,
            "attachment",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_the_public_download_carries_the_checked_type_and_nosniff(
    make_item: Any,
    staff: dict[Role, Any],
    name: str,
    maker: Any,
    disposition: str,
    content_type: str,
) -> None:
    content = maker()  # once: an Office file made again a second later carries another time
    item = published(make_item, staff, (name, content))
    attachment = item.attachments.get()
    url = selectors.attachment_path(attachment)
    assert url.startswith("/disclosure/files/") and "/media/" not in url
    page = Client().get(selectors.item_path(item.index_no))
    assert url in page.content.decode()
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert b"".join(response.streaming_content) == content


def test_the_api_links_to_the_checked_download(make_item: Any, staff: dict[Role, Any]) -> None:
    item = published(make_item, staff, ("报告.pdf", pdf_bytes()))
    row = Client().get(f"/api/v1/disclosures/{item.index_no}").json()
    (attachment,) = row["attachments"]
    assert attachment["url"] == "http://testserver" + selectors.attachment_path(
        item.attachments.get()
    )


def test_attachments_of_items_that_are_not_public_are_not_found(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    draft = make_item()
    services.add_attachment(
        actor=staff[Role.EDITOR], item=draft, filename="报告.pdf", content=pdf_bytes()
    )
    attachment = Attachment.objects.get(item=draft)
    assert Client().get(selectors.attachment_path(attachment)).status_code == 404
    live = published(make_item, staff, ("报告.pdf", pdf_bytes()))
    DisclosureItem.objects.filter(pk=live.pk).update(attribute=DisclosureItem.Attribute.WITHHELD)
    assert Client().get(selectors.attachment_path(live.attachments.get())).status_code == 404


def test_a_wrong_file_name_is_not_found(make_item: Any, staff: dict[Role, Any]) -> None:
    item = published(make_item, staff, ("报告.pdf", pdf_bytes()))
    attachment = item.attachments.get()
    assert Client().get(f"/disclosure/files/{attachment.pk}/other.pdf").status_code == 404


def test_an_attachment_without_a_recorded_type_is_served_by_its_content(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    """The back-office inline form validates the file but records no type: the download
    reads it from the stored bytes, so a DOCX is still an attachment."""
    item = published(make_item, staff)
    attachment = Attachment.objects.create(
        item=item, title="通知", file=ContentFile(docx_bytes(), name="通知.docx")
    )
    assert attachment.content_type == ""
    response = Client().get(selectors.attachment_path(attachment))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["X-Content-Type-Options"] == "nosniff"
