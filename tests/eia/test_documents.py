"""A project's documents: the full text for the EIA division only, the public version
(with its redactions) for everyone once the project is public — never the full text, by
page, download URL or API; every file in private storage, checked by content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.eia import services
from lantian.eia.models import Document, Project
from tests.complaints.conftest import signed_in
from tests.eia.conftest import Record, english
from tests.privatestorage import point_private_storage_at

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private(tmp_path: Path, settings: Any, monkeypatch: Any) -> Path:
    point_private_storage_at(tmp_path / "private", settings=settings, monkeypatch=monkeypatch)
    return tmp_path / "private"


def add(project: Project, version: str, title: str, content: bytes = PDF) -> Document:
    return services.add_document(
        actor=None,
        project=project,
        kind=Document.Kind.EIA_DOCUMENT,
        version=version,
        title=title,
        upload=SimpleUploadedFile(f"{version}.pdf", content, content_type="application/pdf"),
    )


@pytest.fixture
def documents(record: Record) -> dict[str, Document]:
    return {
        "full": add(record.book, "full", "环境影响报告书（全本）"),
        "public": add(record.book, "public", "环境影响报告书（公开版）"),
        "hidden": add(record.hidden, "public", "尚未公示项目报告表（公开版）"),
    }


def public_url(document: Document) -> str:
    return reverse("eia:document", args=[document.project_id, document.pk])


def test_the_public_gets_the_public_version_only(
    record: Record, documents: dict[str, Document], private: Path
) -> None:
    page = english().get(record.book.get_absolute_url()).content.decode()
    assert "环境影响报告书（公开版）" in page
    assert "环境影响报告书（全本）" not in page
    assert public_url(documents["full"]) not in page
    response = Client().get(public_url(documents["public"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # the full text: not by its would-be public URL, nor a public version of a project
    # that has no notice yet, nor a document under another project's number
    assert Client().get(public_url(documents["full"])).status_code == 404
    assert Client().get(public_url(documents["hidden"])).status_code == 404
    other = reverse("eia:document", args=[record.form.pk, documents["public"].pk])
    assert Client().get(other).status_code == 404
    # stored outside the media root under random names, no URL of its own
    stored = Path(private, documents["full"].file.name)
    assert stored.is_file() and "全本" not in stored.name
    with pytest.raises(ValueError):
        documents["full"].file.url  # noqa: B018


def test_the_api_never_names_a_document_file(record: Record, documents: dict[str, Any]) -> None:
    body = Client().get(f"/api/v1/eia/projects/{record.book.pk}").content.decode()
    assert documents["full"].file.name not in body and "全本" not in body


def test_the_division_downloads_both_versions_others_are_refused(
    record: Record, documents: dict[str, Document], division: dict[str, Any], staff: Any
) -> None:
    path = reverse("eia_admin:document", args=[record.book.pk, documents["full"].pk])
    response = signed_in(division["handler"]).get(path)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    for role in (Role.EDITOR, Role.CASE_HANDLER, Role.REVIEWER):
        assert signed_in(staff[role]).get(path).status_code == 403
    assert Client().get(path).status_code == 302  # the login page


def test_a_disguised_or_unwanted_file_is_refused(record: Record) -> None:
    with pytest.raises(ValidationError):
        add(record.book, "public", "网页", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        add(record.book, "public", "伪装", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as refused:
        add(record.book, "secret", "版本不明")
    assert "version" in refused.value.message_dict
    assert not Document.objects.exists()


def test_upload_and_removal_in_the_back_office_are_audited(
    record: Record, division: dict[str, Any], private: Path
) -> None:
    client = signed_in(division["handler"])
    added = client.post(
        reverse("eia_admin:document_add", args=[record.book.pk]),
        {
            "kind": "participation",
            "version": "public",
            "title": "公众参与说明",
            "file": SimpleUploadedFile("canyu.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert added.status_code == 302
    document = Document.objects.get()
    assert document.uploaded_by == division["handler"] and document.original_name == "canyu.pdf"
    stored = Path(private, document.file.name)
    page = client.get(reverse("eia_admin:project", args=[record.book.pk])).content.decode()
    assert "公众参与说明" in page
    remove = reverse("eia_admin:document_remove", args=[record.book.pk, document.pk])
    assert client.get(remove).status_code == 405
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert client.post(remove).status_code == 302
    assert not Document.objects.exists() and not stored.exists()
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(record.book.pk)).values_list("action", flat=True)
    )
    assert {services.DOCUMENT_ADDED, services.DOCUMENT_REMOVED} <= actions


def test_the_api_lists_public_versions_with_their_url(
    record: Record, documents: dict[str, Document]
) -> None:
    body = Client().get(f"/api/v1/eia/projects/{record.book.pk}").json()
    assert body["documents"] == [
        {
            "kind": "eia_document",
            "title": "环境影响报告书（公开版）",
            "size": len(PDF),
            "url": public_url(documents["public"]),
        }
    ]
    assert body["completion"]["filed_on"] is None
    listed = Client().get("/api/v1/eia/projects", {"q": record.book.name}).json()["items"]
    assert [d["title"] for d in listed[0]["documents"]] == ["环境影响报告书（公开版）"]
