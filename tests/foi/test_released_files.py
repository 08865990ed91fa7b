"""Released files of an FOI case are checked by content (lantian.core.uploads) on the
back-office form and again in the service: disguised files are refused naming the file,
nothing is stored, and a real file is kept with the type its content was found to be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.foi import services
from lantian.foi.admin.forms import ReleasedFileForm
from lantian.foi.models import Application, CaseEvent, ReleasedFile
from tests.core.sample_files import DISGUISED, docx_bytes, pdf_bytes, png_bytes, xlsx_bytes
from tests.privatestorage import point_private_storage_at

pytestmark = pytest.mark.django_db
DISGUISED_IDS = [d[2] for d in DISGUISED]


@pytest.fixture(autouse=True)
def _storage(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Public media and private files in this test's own directory: the private storage's
    setting and the model fields' storage both (the fields resolved it at import)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    point_private_storage_at(tmp_path / "private", settings=settings, monkeypatch=monkeypatch)


def form(application: Application, user: Any, name: str, content: bytes, **data: Any) -> Any:
    prefix = "add_released_file"
    return ReleasedFileForm(
        {f"{prefix}-{key}": value for key, value in data.items()},
        {f"{prefix}-file": SimpleUploadedFile(name, content)},
        application=application,
        user=user,
        prefix=prefix,
    )


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=DISGUISED_IDS)
def test_the_form_refuses_disguised_files_naming_them(
    legal_case: Application, staff: dict[Role, Any], name: str, maker: Any, what: str
) -> None:
    bound = form(legal_case, staff[Role.CASE_HANDLER], name, maker(), title="监测数据")
    assert not bound.is_valid()
    assert name in bound.errors["file"][0]


@pytest.mark.parametrize(("name", "maker", "what"), DISGUISED, ids=DISGUISED_IDS)
def test_the_service_refuses_disguised_files_and_stores_nothing(
    legal_case: Application, staff: dict[Role, Any], name: str, maker: Any, what: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_released_file(
            actor=staff[Role.CASE_HANDLER],
            application=legal_case,
            filename=name,
            content=maker(),
        )
    assert name in refused.value.messages[0]
    assert not ReleasedFile.objects.exists()
    assert not CaseEvent.objects.filter(kind=services.Step.FILE_RELEASED).exists()


def test_a_polyglot_is_refused_by_the_polyglot_rule(
    legal_case: Application, staff: dict[Role, Any]
) -> None:
    png = png_bytes()
    with pytest.raises(ValidationError) as refused:
        services.add_released_file(
            actor=staff[Role.CASE_HANDLER],
            application=legal_case,
            filename="scan.png",
            content=png + b"<html><script>alert(1)</script></html>",
        )
    assert refused.value.code == "markup"


@pytest.mark.parametrize(
    ("name", "maker", "content_type"),
    [
        ("监测数据.pdf", pdf_bytes, "application/pdf"),
        ("监测数据.xlsx", xlsx_bytes, services.uploads.XLSX),
        ("复函附件.docx", docx_bytes, services.uploads.DOCX),
    ],
)
def test_a_real_file_goes_through_form_and_service_with_its_checked_type(
    legal_case: Application, staff: dict[Role, Any], name: str, maker: Any, content_type: str
) -> None:
    handler = staff[Role.CASE_HANDLER]
    content = maker()  # once: an Office file made again a second later carries another time
    bound = form(legal_case, handler, name, content, title=" 2026年第三季度 监测数据 ", pages="12")
    assert bound.is_valid(), bound.errors
    released = services.add_released_file(
        actor=handler, application=legal_case, **bound.service_kwargs()
    )
    assert released.title == "2026年第三季度 监测数据" and released.pages == 12
    assert released.content_type == content_type
    with released.file.open("rb") as stored:
        assert stored.read() == content
    event = CaseEvent.objects.get(kind=services.Step.FILE_RELEASED)
    assert event.data["released_file"] == released.pk and len(event.data["sha256"]) == 64
    assert ModelLogEntry.objects.filter(
        action=services.AUDIT_ACTION, data__step=services.Step.FILE_RELEASED
    ).exists()


def test_the_title_defaults_to_the_file_name(
    legal_case: Application, staff: dict[Role, Any]
) -> None:
    released = services.add_released_file(
        actor=staff[Role.CASE_HANDLER],
        application=legal_case,
        filename="重点排污单位名录.pdf",
        content=pdf_bytes(),
    )
    assert released.title == "重点排污单位名录"


def test_the_stored_file_lands_in_this_tests_private_directory(
    legal_case: Application, staff: dict[Role, Any], tmp_path: Path
) -> None:
    """The fixture redirects the field itself, not only the setting: the file is written
    under the test's directory, never into the real PRIVATE_ROOT."""
    released = services.add_released_file(
        actor=staff[Role.CASE_HANDLER],
        application=legal_case,
        filename="名录.pdf",
        content=pdf_bytes(),
    )
    stored = Path(released.file.path).resolve()
    assert (tmp_path / "private").resolve() in stored.parents and stored.exists()
    assert ReleasedFile._meta.get_field("file").storage is storages["private"]


def test_no_file_is_added_once_the_reply_is_in_review(
    legal_case: Application, staff: dict[Role, Any]
) -> None:
    Application.objects.filter(pk=legal_case.pk).update(state=Application.State.IN_REVIEW)
    with pytest.raises(services.CaseError):
        services.add_released_file(
            actor=staff[Role.CASE_HANDLER],
            application=legal_case,
            filename="监测数据.pdf",
            content=pdf_bytes(),
        )
    assert not ReleasedFile.objects.exists()


def test_the_case_page_uploads_a_released_file_and_refuses_a_disguised_one(
    staff: dict[Role, Any], legal_case: Application
) -> None:
    """Through the back office: a multipart form on the case page, the file checked by
    content, a refusal shown on the form with nothing stored."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(
        staff[Role.CASE_HANDLER], backend="django.contrib.auth.backends.ModelBackend"
    )
    case_url = reverse("foi_admin:case", args=[legal_case.pk])
    page = client.get(case_url).content.decode()
    assert 'id="action-add_released_file"' in page and 'enctype="multipart/form-data"' in page
    url = reverse("foi_admin:act", args=[legal_case.pk, "add_released_file"])
    refused = client.post(
        url,
        {
            "add_released_file-title": "监测数据",
            "add_released_file-file": SimpleUploadedFile("数据.pdf", DISGUISED[0][1]()),
        },
    )
    assert refused.status_code == 400 and "数据.pdf" in refused.content.decode()
    assert not ReleasedFile.objects.filter(application=legal_case).exists()
    accepted = client.post(
        url,
        {
            "add_released_file-title": "监测数据",
            "add_released_file-pages": "3",
            "add_released_file-file": SimpleUploadedFile("数据.pdf", pdf_bytes()),
        },
    )
    assert accepted.status_code == 302
    released = ReleasedFile.objects.get(application=legal_case)
    assert (released.title, released.pages, released.content_type) == (
        "监测数据",
        3,
        "application/pdf",
    )
    download = client.get(reverse("foi_admin:released_file", args=[legal_case.pk, released.pk]))
    assert b"".join(download.streaming_content) == pdf_bytes()
