"""The enterprise writes its disclosure reports from its account: the annual report's
eight categories (the ad-hoc report's two), a private draft, the submission that
publishes it (every required category answered), corrections that keep the first date,
and attachments checked by their content, kept in private storage and served by a view
that checks the report on every request."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.enforcement import selectors, services
from lantian.enforcement.models import REPORT_CATEGORY_CODES, DisclosureReport
from lantian.sources import services as sources_services
from tests.complaints.conftest import member, signed_in
from tests.privatestorage import point_private_storage_at
from tests.sources.conftest import Plants

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FULL = {code: f"{code}：2025年度情况说明。" for code in REPORT_CATEGORY_CODES}


@pytest.fixture(autouse=True)
def _private(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    point_private_storage_at(tmp_path / "private", settings=settings, monkeypatch=monkeypatch)


def account_client(enterprise: Any, email: str) -> Client:
    account = sources_services.invite_account(
        actor=None, enterprise=enterprise, email=email, name="王环保"
    )
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    client.force_login(account.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def annual(plants: Plants) -> DisclosureReport:
    (report,) = services.open_annual_reports(actor=None, year=2025, enterprises=[plants.power])
    return report


def page(report: DisclosureReport) -> str:
    return reverse("enforcement:account_report", args=[report.pk])


def test_the_home_page_lists_what_the_enterprise_owes(plants: Plants, annual: Any) -> None:
    client = account_client(plants.power, "hb@power.example")
    home = client.get(reverse("sources:account"))
    assert home.status_code == 200
    assert "Annual report 2025" in home.text and page(annual) in home.text
    assert "2026-03-15" in home.text  # due 15 March of the next year


def test_a_draft_stays_private_and_the_submission_needs_every_category(
    plants: Plants, annual: DisclosureReport
) -> None:
    client = account_client(plants.power, "hb@power.example")
    assert client.get(page(annual)).status_code == 200
    draft = client.post(page(annual), {"basic": "示范热电有限公司基本情况。", "draft": "1"})
    assert draft.status_code == 302
    annual.refresh_from_db()
    assert annual.content == {"basic": "示范热电有限公司基本情况。"} and annual.submitted_on is None
    assert Client().get(reverse("enforcement:report", args=[annual.pk])).status_code == 404
    # submitting with categories empty is refused, each named
    refused = client.post(page(annual), {"basic": "基本情况。", "submit": "1"})
    assert refused.status_code == 400
    assert refused.text.count('class="form-error"') == 7
    annual.refresh_from_db()
    assert annual.submitted_on is None
    done = client.post(page(annual), {**FULL, "submit": "1"})
    assert done.status_code == 302
    annual.refresh_from_db()
    first = annual.submitted_on
    assert first is not None and annual.content == FULL
    public = Client().get(reverse("enforcement:report", args=[annual.pk]))
    assert public.status_code == 200 and "carbon：2025年度情况说明。" in public.text
    # a correction keeps the first date; a draft of a submitted report is not possible
    corrected = client.post(page(annual), {**FULL, "carbon": "更正：无。", "draft": "1"})
    assert corrected.status_code == 302
    annual.refresh_from_db()
    assert annual.content["carbon"] == "更正：无。" and annual.submitted_on == first
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(annual.pk)).values_list("action", flat=True)
    )
    assert {services.REPORT_DRAFTED, services.REPORT_SUBMITTED} <= actions


def test_the_service_refuses_an_incomplete_submission_naming_the_categories(
    annual: DisclosureReport,
) -> None:
    with pytest.raises(services.ValidationError) as refused:
        services.submit_report(actor=None, report=annual, content={"basic": "基本情况。"})
    assert "碳排放信息" in str(refused.value.message_dict["content"])


def test_an_adhoc_report_asks_for_the_decision(plants: Plants) -> None:
    report = services.open_adhoc_report(
        actor=None,
        enterprise=plants.power,
        trigger_document="示环罚〔2026〕12号",
        received_on=date(2026, 9, 1),
    )
    client = account_client(plants.power, "hb@power.example")
    form = client.get(page(report))
    assert 'name="violations"' in form.text and 'name="carbon"' not in form.text
    refused = client.post(page(report), {"adhoc": "已整改。", "submit": "1"})
    assert refused.status_code == 400
    client.post(page(report), {"violations": "罚款10万元。", "adhoc": "已整改。", "submit": "1"})
    report.refresh_from_db()
    assert report.submitted_on is not None


def test_an_account_reaches_its_own_enterprises_reports_only(
    plants: Plants, annual: DisclosureReport
) -> None:
    (other,) = services.open_annual_reports(actor=None, year=2025, enterprises=[plants.wwtp])
    client = account_client(plants.power, "hb@power.example")
    assert client.get(page(other)).status_code == 404
    assert client.post(page(other), {**FULL, "submit": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.submitted_on is None
    anonymous = Client().get(page(annual))
    assert (
        anonymous.status_code == 302 and reverse("sources:account_login") in anonymous["Location"]
    )


def test_attachments_are_checked_private_until_submitted_and_then_public(
    plants: Plants,
    annual: DisclosureReport,
    staff: dict[Role, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = account_client(plants.power, "hb@power.example")
    disguised = SimpleUploadedFile("监测.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(page(annual), {"files": [disguised], "draft": "1"})
    assert refused.status_code == 400 and "监测.pdf" in refused.text
    assert not annual.files.exists()
    pdf = SimpleUploadedFile("自行监测年报.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(page(annual), {"basic": "基本情况。", "files": [pdf], "draft": "1"}).status_code
        == 302
    )
    (attached,) = selectors.report_files(annual)
    assert attached.content_type == "application/pdf" and attached.size == len(PDF)
    download = reverse("enforcement:report_file", args=[annual.pk, attached.pk])
    # before submission: its own account and enforcement staff, no one else
    own = client.get(download)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert own["Cache-Control"] == "private, no-store"
    assert Client().get(download).status_code == 404
    assert account_client(plants.wwtp, "hb@wwtp.example").get(download).status_code == 404
    assert signed_in(staff[Role.ADMINISTRATOR]).get(download).status_code == 200
    assert signed_in(staff[Role.EDITOR]).get(download).status_code == 404
    # submitted, the file is on the public page and downloads for everyone
    client.post(page(annual), {**FULL, "submit": "1"})
    public = Client().get(reverse("enforcement:report", args=[annual.pk]))
    assert download in public.text
    assert Client().get(download).status_code == 200
    # a removal is confirmed by POST, audited, and the file goes from storage
    remove = reverse("enforcement:account_remove_file", args=[annual.pk, attached.pk])
    assert client.get(remove).status_code == 200
    other = account_client(plants.wwtp, "hb2@wwtp.example")
    assert other.post(remove).status_code == 404
    stored, storage = attached.file.name, attached.file.storage
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    assert not annual.files.exists() and not storage.exists(stored)
    assert Client().get(download).status_code == 404
    assert ModelLogEntry.objects.filter(action=services.REPORT_FILE_REMOVED).exists()
    assert ModelLogEntry.objects.filter(action=services.REPORT_FILE_ADDED).exists()


def test_enforcement_staff_outside_the_brigade_do_not_see_a_draft_file(
    plants: Plants, annual: DisclosureReport, demo: Any
) -> None:
    client = account_client(plants.power, "hb@power.example")
    pdf = SimpleUploadedFile("附件.pdf", PDF, content_type="application/pdf")
    client.post(page(annual), {"basic": "基本情况。", "files": [pdf], "draft": "1"})
    (attached,) = selectors.report_files(annual)
    download = reverse("enforcement:report_file", args=[annual.pk, attached.pk])
    outsider = member("air-handler-2", "air", Role.CASE_HANDLER, "周", "明")
    assert signed_in(outsider).get(download).status_code == 404
