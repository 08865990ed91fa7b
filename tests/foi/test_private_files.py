"""FOI letters and released files carry the applicant's name and request: they live in the
private storage under random names, no public URL reaches them, and a person gets one
only through a view that checks the case on every request (decision 0014)."""

from __future__ import annotations

import importlib
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.static import serve as static_serve
from wagtail.models import ModelLogEntry

from lantian.core import privatefiles
from lantian.core.roles import Role
from lantian.demo import foi as demo_foi
from lantian.foi import services
from lantian.foi.letter_services import issue_letter
from lantian.foi.models import Application, Letter, ReleasedFile
from tests.demo.conftest import DEMO_NOW
from tests.foi import flow
from tests.privatestorage import same_storage

RECEIVED = flow.RECEIVED
CODE = "PASS2345"
RANDOM_NAME = re.compile(r"^foi/(letters|released)/[0-9a-f]{32}\.(pdf|docx|xlsx|png)$")


def public_media(name: str) -> int:
    """The status of ``/media/<name>`` as the demo serves it (DEBUG's static view over
    MEDIA_ROOT; in production the proxy serves the same directory)."""
    try:
        static_serve(RequestFactory().get("/media/" + name), name, settings.MEDIA_ROOT)
    except Http404:
        return 404
    return 200


def never_cached(response: Any) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def with_pass(application: Application) -> Client:
    """A browser that has opened the case with its tracking and verification codes."""
    Application.objects.filter(pk=application.pk).update(verification_hash=make_password(CODE))
    client = Client()
    response = client.post(
        "/services/foi/track/",
        {"tracking_code": application.tracking_code, "verification_code": CODE},
    )
    assert response.status_code == 302
    return client


def test_letters_are_stored_privately_under_random_names(
    staff: dict[Role, Any], legal_case: Application
) -> None:
    letter = issue_letter(
        actor=staff[Role.CASE_HANDLER], application=legal_case, kind="receipt", on=RECEIVED
    )
    private_root = Path(settings.PRIVATE_ROOT).resolve()
    for field in (letter.docx, letter.pdf):
        assert RANDOM_NAME.match(field.name), field.name
        assert legal_case.tracking_code not in field.name and "2026" not in field.name
        assert same_storage(field.storage, storages["private"])
        stored = Path(field.storage.path(field.name)).resolve()
        assert private_root in stored.parents and stored.exists()
        assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
        assert public_media(field.name) == 404
        with pytest.raises(ValueError, match="no public URL"):
            field.url  # noqa: B018
    assert letter.docx.name != letter.pdf.name


def test_every_demo_file_reaches_only_the_applicant_and_staff_in_scope(
    staff: dict[Role, Any], water_handler: Any
) -> None:
    """The demo's letters and released files: anonymous 404 on every public path; the
    applicant with the pass and the case's staff 200; another department 404; audited."""
    with time_machine.travel(DEMO_NOW, tick=True):
        demo_foi.load(today=DEMO_NOW.date(), password="x-demo-password-1")
    letters = list(Letter.objects.select_related("application__department"))
    released = list(ReleasedFile.objects.select_related("application__department"))
    assert len(letters) >= 15 and len(released) >= 5
    files: list[tuple[Application, str, str, Any]] = []
    for letter in letters:
        for fmt in ("pdf", "docx"):
            application = letter.application
            files.append(
                (
                    application,
                    reverse("foi_admin:letter", args=[application.pk, letter.pk, fmt]),
                    reverse("foi:letter", args=[letter.pk, fmt]),
                    getattr(letter, fmt),
                )
            )
            # the name round one stored it under, guessable from the tracking code
            old = f"foi/letters/{letter.issued_on:%Y}/{application.tracking_code}-"
            old += f"{letter.kind}-{letter.issued_on.isoformat()}.{fmt}"
            assert public_media(old) == 404
    for file in released:
        application = file.application
        files.append(
            (
                application,
                reverse("foi_admin:released_file", args=[application.pk, file.pk]),
                reverse("foi:released_file", args=[file.pk]),
                file.file,
            )
        )

    anonymous = Client()
    office = login(staff[Role.ADMINISTRATOR])
    outsider = login(water_handler)
    passes: dict[int, Client] = {}
    before = ModelLogEntry.objects.filter(action=services.DOCUMENT_DOWNLOADED).count()
    for application, staff_url, public_url, field in files:
        assert RANDOM_NAME.match(field.name) and public_media(field.name) == 404
        assert anonymous.get(public_url).status_code == 404
        assert anonymous.get(staff_url).status_code in (302, 403)  # to the sign-in page
        handler = application.handler
        if handler is not None and application.department.code != "water":
            assert outsider.get(staff_url).status_code == 404
            assert login(handler).get(staff_url).status_code == 200
        response = office.get(staff_url)
        assert response.status_code == 200 and never_cached(response)
        applicant = passes.get(application.pk) or passes.setdefault(
            application.pk, with_pass(application)
        )
        if "/files/" in public_url and application.state not in (
            Application.State.REPLIED,
            Application.State.ARCHIVED,
        ):
            # released with the reply: not before it is sent
            assert applicant.get(public_url).status_code == 404
            continue
        response = applicant.get(public_url)
        assert response.status_code == 200, public_url
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content)[:4] in (b"%PDF", b"PK\x03\x04")
    downloads = ModelLogEntry.objects.filter(action=services.DOCUMENT_DOWNLOADED)
    assert downloads.count() > before + len(files)
    assert downloads.filter(data__by="applicant", user__isnull=True).exists()


def test_a_wrong_or_expired_pass_gets_the_same_404(
    staff: dict[Role, Any], legal_case: Application
) -> None:
    letter = issue_letter(
        actor=staff[Role.CASE_HANDLER], application=legal_case, kind="receipt", on=RECEIVED
    )
    url = reverse("foi:letter", args=[letter.pk, "pdf"])
    unknown = reverse("foi:letter", args=[letter.pk + 1000, "pdf"])
    other, _code = flow.register(staff[Role.ADMINISTRATOR], RECEIVED, name="李四")
    wrong = with_pass(other)  # a pass for another case
    assert wrong.get(url).status_code == 404
    assert wrong.get(unknown).status_code == 404
    client = with_pass(legal_case)
    assert client.get(url).status_code == 200
    session = client.session
    session["foi_verified_case"] = {"id": legal_case.pk, "until": 0}
    session.save()
    assert client.get(url).status_code == 404


def test_a_download_streams_an_attachment_that_is_never_cached_or_sniffed(
    staff: dict[Role, Any], legal_case: Application
) -> None:
    released = ReleasedFile(application=legal_case, title="监测数据")
    released.file.save("数据 <x>.pdf", ContentFile(b"%PDF-1.4 data"), save=True)
    assert RANDOM_NAME.match(released.file.name)
    url = reverse("foi_admin:released_file", args=[legal_case.pk, released.pk])
    response = login(staff[Role.CASE_HANDLER]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{legal_case.tracking_code}-{released.pk}.pdf"'
    )
    assert never_cached(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 data"
    entry = ModelLogEntry.objects.get(action=services.DOCUMENT_DOWNLOADED)
    assert entry.user == staff[Role.CASE_HANDLER]
    assert entry.data["document"] == f"released:{released.pk}" and entry.data["by"] == "staff"


def test_the_proxy_can_send_the_bytes(staff: dict[Role, Any], legal_case: Application) -> None:
    released = ReleasedFile(application=legal_case, title="监测数据")
    released.file.save("data.pdf", ContentFile(b"%PDF-1.4 data"), save=True)
    url = reverse("foi_admin:released_file", args=[legal_case.pk, released.pk])
    client = login(staff[Role.CASE_HANDLER])
    with override_settings(PRIVATE_FILES_X_ACCEL_PREFIX="/_private/"):
        response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_private/{released.file.name}"
    assert response["Content-Disposition"].startswith("attachment")
    assert never_cached(response)
    with override_settings(PRIVATE_FILES_X_SENDFILE=True):
        response = client.get(url)
    assert response["X-Sendfile"] == released.file.storage.path(released.file.name)
    released.file.storage.delete(released.file.name)
    with override_settings(PRIVATE_FILES_X_ACCEL_PREFIX="/_private/"):
        assert client.get(url).status_code == 404  # gone from storage: not a blank 200


def test_the_migration_moves_round_one_files_out_of_media(
    staff: dict[Role, Any], legal_case: Application
) -> None:
    migration = importlib.import_module("lantian.foi.migrations.0002_private_files")
    public = storages["default"]
    old = f"foi/letters/2026/{legal_case.tracking_code}-receipt-2026-11-02.docx"
    old_released = "foi/released/2026/监测数据.xlsx"
    public.delete(old)
    public.delete(old_released)
    public.save(old, ContentFile("PK letter of 周文涛".encode()))
    public.save(old_released, ContentFile(b"PK\x03\x04 data"))
    letter = Letter.objects.create(application=legal_case, kind="receipt", issued_on=RECEIVED)
    Letter.objects.filter(pk=letter.pk).update(docx=old)
    released = ReleasedFile.objects.create(application=legal_case, title="监测数据")
    ReleasedFile.objects.filter(pk=released.pk).update(file=old_released)
    assert public_media(old) == 200  # round one: anyone could read it

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.move_to_private_storage(apps, editor)
    letter.refresh_from_db()
    released.refresh_from_db()
    assert RANDOM_NAME.match(letter.docx.name) and RANDOM_NAME.match(released.file.name)
    assert public_media(old) == 404 and public_media(old_released) == 404
    assert not public.exists(old)
    with letter.docx.open("rb") as handle:
        assert handle.read() == "PK letter of 周文涛".encode()
    assert letter.pdf.name == ""  # an empty field stays empty
    moved = letter.docx.name
    orphan = "foi/letters/2025/YSQ202500003-reply-2025-03-04.pdf"  # its case was deleted
    public.save(orphan, ContentFile(b"%PDF-1.4 orphan"))
    migration.move_to_private_storage(apps, editor)  # again: nothing changes but the orphan
    letter.refresh_from_db()
    assert letter.docx.name == moved
    assert public_media(orphan) == 404 and not public.exists(orphan)
    _dirs, orphaned = storages["private"].listdir("foi/orphaned")
    assert any(
        storages["private"].open(f"foi/orphaned/{name}").read() == b"%PDF-1.4 orphan"
        for name in orphaned
    )


class ObjectStorage(Storage):
    """Stands in for an object-storage backend (django-storages) in the check's tests."""

    def __init__(self, **options: Any) -> None:
        self.default_acl = options.get("default_acl")
        self.querystring_auth = options.get("querystring_auth", True)
        self.custom_domain = options.get("custom_domain")


def private(backend: str, **options: Any) -> dict[str, Any]:
    return {**settings.STORAGES, "private": {"BACKEND": backend, "OPTIONS": options}}


def warnings_of_check() -> list[str]:
    return [m.msg for m in privatefiles.check_private_storage() if m.level >= checks.WARNING]


def test_the_deploy_check_warns_when_private_files_are_public(tmp_path: Path) -> None:
    assert warnings_of_check() == []
    under_media = str(Path(settings.MEDIA_ROOT) / "private")
    with override_settings(
        STORAGES=private("lantian.core.privatefiles.PrivateFileSystemStorage", location=under_media)
    ):
        (message,) = warnings_of_check()
        assert "publicly served" in message and "MEDIA_ROOT" in message
    with override_settings(
        STORAGES=private("django.core.files.storage.FileSystemStorage", location=str(tmp_path))
    ):
        (message,) = warnings_of_check()
        assert "MEDIA_URL" in message
    backend = f"{__name__}.ObjectStorage"
    with override_settings(STORAGES=private(backend, default_acl="private")):
        assert warnings_of_check() == []
    with override_settings(STORAGES=private(backend, default_acl="public-read")):
        assert "public-read" in warnings_of_check()[0]
    with override_settings(STORAGES=private(backend, querystring_auth=False)):
        assert "signature" in warnings_of_check()[0]
    storages_without = {k: v for k, v in settings.STORAGES.items() if k != "private"}
    with override_settings(STORAGES=storages_without):
        (error,) = privatefiles.check_private_storage()
        assert error.id == privatefiles.NOT_CONFIGURED


def deploy_check_output() -> str:
    """What ``lantian check --deploy`` prints. The test settings' development mail backend
    is an error under --deploy, so the command is told to fail only on critical ones."""
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", "--fail-level", "CRITICAL", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.mark.django_db  # some apps' checks read the database
@pytest.mark.parametrize("public_root", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_check_deploy_warns_when_the_private_root_is_publicly_served(public_root: str) -> None:
    assert privatefiles.PUBLICLY_SERVED not in deploy_check_output()
    inside = str(Path(getattr(settings, public_root)) / "private")
    with override_settings(
        STORAGES=private("lantian.core.privatefiles.PrivateFileSystemStorage", location=inside)
    ):
        output = deploy_check_output()
        found = [
            m
            for m in checks.run_checks(include_deployment_checks=True)
            if m.id == privatefiles.PUBLICLY_SERVED
        ]
    assert f"({privatefiles.PUBLICLY_SERVED})" in output
    assert "private file storage is publicly served" in output and inside in output
    (warning,) = found
    assert warning.level == checks.WARNING
    assert str(Path(getattr(settings, public_root)).resolve()) in warning.msg


def test_random_names_keep_only_a_plain_extension() -> None:
    name = privatefiles.random_name("foi/released", "../../YSQ2026-周文涛.PDF")
    assert re.fullmatch(r"foi/released/[0-9a-f]{32}\.pdf", name)
    assert privatefiles.random_name("x", "evil.p h p").endswith(tuple("0123456789abcdef"))
    assert privatefiles.random_name("x", "a.pdf") != privatefiles.random_name("x", "a.pdf")
