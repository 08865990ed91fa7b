"""Letters handed out from the private storage: staff with the case in scope and the
complainant who verified the case get them (attachments, never cached, audited); anyone
else — another department, a role without complaint work, the anonymous public, the
complainant of another case — gets a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import ModelLogEntry

from lantian.complaints import downloads
from lantian.complaints.letter_services import issue_letter
from lantian.complaints.models import Complaint, Letter
from lantian.core.models import Department
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db

ACCEPTED = date(2026, 10, 10)  # the accepted fixture's day


@pytest.fixture
def letter(accepted: Complaint, staff: dict[Role, Any]) -> Letter:
    Complaint.objects.filter(pk=accepted.pk).update(department=Department.objects.get(code="air"))
    accepted.refresh_from_db()
    return issue_letter(
        actor=staff[Role.ADMINISTRATOR], complaint=accepted, kind="acceptance", on=ACCEPTED
    )


def request_by(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def downloads_logged(complaint: Complaint) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            action=downloads.DOCUMENT_DOWNLOADED, object_id=str(complaint.pk)
        ).order_by("pk")
    )


def test_staff_in_scope_get_both_formats_audited(
    letter: Letter, air_handler: Any, staff: dict[Role, Any]
) -> None:
    for user in (air_handler, staff[Role.DEPARTMENT_HEAD], staff[Role.ADMINISTRATOR]):
        for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK\x03\x04")):
            response = downloads.serve_letter(request_by(user), letter, fmt)
            assert response.status_code == 200
            content = body(response)
            assert content.startswith(magic)
            with getattr(letter, fmt).open("rb") as f:
                assert content == f.read()
            assert response["Content-Disposition"].startswith("attachment")
            assert letter.download_name(fmt) in response["Content-Disposition"]
            assert {"private", "no-store"} <= {
                part.strip() for part in response["Cache-Control"].split(",")
            }
            assert response["X-Content-Type-Options"] == "nosniff"
    entries = downloads_logged(letter.complaint)
    assert len(entries) == 6
    assert entries[0].user == air_handler
    assert entries[0].data["by"] == "staff" and entries[0].data["letter"] == letter.pk
    assert entries[0].data["format"] == "pdf" and entries[0].data["file"] == letter.pdf.name


@pytest.mark.parametrize("who", ["water_handler", "editor", "reviewer", "data", "anonymous"])
def test_anyone_else_gets_a_404_and_nothing_is_logged(
    letter: Letter, water_handler: Any, staff: dict[Role, Any], who: str
) -> None:
    user = {
        "water_handler": water_handler,  # a case handler of another department
        "editor": staff[Role.EDITOR],  # in the office, but no complaint work
        "reviewer": staff[Role.REVIEWER],
        "data": staff[Role.DATA_MANAGER],
        "anonymous": AnonymousUser(),
    }[who]
    with pytest.raises(Http404):
        downloads.serve_letter(request_by(user), letter, "pdf")
    assert downloads_logged(letter.complaint) == []


def test_an_unknown_format_is_a_404(letter: Letter, staff: dict[Role, Any]) -> None:
    for fmt in ("html", "PDF", "../pdf", ""):
        with pytest.raises(Http404):
            downloads.serve_letter(request_by(staff[Role.ADMINISTRATOR]), letter, fmt)


def test_the_complainant_gets_the_letters_of_the_verified_case_only(
    letter: Letter, register: Any, staff: dict[Role, Any]
) -> None:
    complaint = letter.complaint
    response = downloads.serve_letter_to_complainant(
        request_by(AnonymousUser()), complaint, letter, "docx"
    )
    assert response.status_code == 200 and body(response).startswith(b"PK\x03\x04")
    assert "no-store" in response["Cache-Control"]
    (entry,) = downloads_logged(complaint)
    assert entry.user is None and entry.data["by"] == "complainant"
    assert entry.data["kind"] == "acceptance"

    other = register(name="王建国", phone="13700001111", email="")
    with pytest.raises(Http404):  # verified for another case: not this letter
        downloads.serve_letter_to_complainant(request_by(AnonymousUser()), other, letter, "pdf")
    with pytest.raises(Http404):
        downloads.serve_letter_to_complainant(request_by(AnonymousUser()), complaint, letter, "exe")
    assert len(downloads_logged(complaint)) == 1 and downloads_logged(other) == []


def test_a_file_gone_from_storage_is_a_404(letter: Letter, staff: dict[Role, Any]) -> None:
    letter.pdf.storage.delete(letter.pdf.name)
    with pytest.raises(Http404):
        downloads.serve_letter(request_by(staff[Role.ADMINISTRATOR]), letter, "pdf")
