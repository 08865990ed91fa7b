"""The EIA back office per role: the EIA division's case handlers keep the projects,
their notices, documents and comments; its head (and administrators) also record the
decision; everyone else gets a 403 and anonymous visitors the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lantian.core.roles import Role
from lantian.eia.admin import access
from tests.complaints.conftest import signed_in
from tests.eia.conftest import Record

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"eia_admin:{name}", args=args)


def test_role_matrix(staff: dict[Role, Any], division: dict[str, Any]) -> None:
    capabilities = {
        "view": access.can_view,
        "edit": access.can_edit,
        "decide": access.can_decide,
        "moderate": access.can_moderate,
        "import": access.can_import,
    }
    everything = set(capabilities)
    expected = {
        "handler": (division["handler"], everything - {"decide"}),
        "head": (division["head"], everything),
        "administrator": (staff[Role.ADMINISTRATOR], everything),
        "other handler": (staff[Role.CASE_HANDLER], set()),
        "other head": (staff[Role.DEPARTMENT_HEAD], set()),
        "data manager": (staff[Role.DATA_MANAGER], set()),
        "editor": (staff[Role.EDITOR], set()),
        "reviewer": (staff[Role.REVIEWER], set()),
    }
    for who, (user, allowed) in expected.items():
        assert {n for n, check in capabilities.items() if check(user)} == allowed, who


def test_anonymous_visitors_are_sent_to_the_login(record: Record) -> None:
    for path in (url("projects"), url("project", record.book.pk)):
        response = Client().get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path


def test_roles_outside_the_division_are_refused(staff: dict[Role, Any], record: Record) -> None:
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER, Role.EDITOR):
        client = signed_in(staff[role])
        for path in (url("projects"), url("project", record.book.pk)):
            assert client.get(path).status_code == 403, (role, path)


def test_the_division_sees_every_project_unpublished_ones_too(
    division: dict[str, Any], record: Record
) -> None:
    client = signed_in(division["handler"])
    page = client.get(url("projects")).content.decode()
    for project in (record.book, record.form, record.hidden):
        assert project.name in page
    assert "3 projects" in page
    found = client.get(url("projects"), {"q": "污水", "stage": "acceptance"}).content.decode()
    assert record.form.name in found and record.book.name not in found
    detail = client.get(url("project", record.book.pk)).content.decode()
    assert "Decision notice" in detail and "late" in detail
    assert client.get(url("project", 999999)).status_code == 404


def test_a_handler_registers_a_project_and_publishes_its_acceptance_notice(
    division: dict[str, Any], plants: Any
) -> None:
    from lantian.disclosure.models import DisclosureItem
    from lantian.eia.models import Project
    from tests.sources.conftest import POWER_PLANT

    client = signed_in(division["handler"])
    values = {
        "project_code": "2603-320500-04-01-112233",
        "name": "示范热电烟气深度治理工程",
        "builder_name": "示范热电有限公司",
        "builder_credit_code": POWER_PLANT,
        "address": "示范市示范区电厂路1号",
        "category": "report_form",
        "accepted_on": "2026-09-21",
    }
    bad = client.post(url("project_add"), {**values, "builder_credit_code": "91320500MA1X"})
    assert bad.status_code == 400 and not Project.objects.exists()
    assert client.post(url("project_add"), values).status_code == 302
    project = Project.objects.get()
    assert project.enterprise == plants.power  # linked to the register by the credit code
    # 09-22 … a notice of 09-22..09-30 is 6 working days (Mid-autumn 09-25 not counted)
    short = {"kind": "acceptance", "starts_on": "2026-09-22", "ends_on": "2026-09-30"}
    refused = client.post(url("notice_add", project.pk), short)
    assert refused.status_code == 400
    assert "at least 10" in refused.content.decode()
    ok = {**short, "ends_on": "2026-10-13"}  # 10-10 a make-up Saturday
    assert client.post(url("notice_add", project.pk), ok).status_code == 302
    item = DisclosureItem.objects.get(title__contains=project.name)
    assert item.category.code == "06.01"
    page = client.get(url("project", project.pk)).content.decode()
    assert "Acceptance notice" in page and reverse("eia:project", args=[project.pk]) in page


def test_the_decision_is_the_heads(division: dict[str, Any], record: Record) -> None:
    path = url("decision", record.form.pk)
    values = {
        "decision": "approved",
        "decided_on": "2025-11-20",
        "decision_number": "示环审〔2025〕88号",
    }
    assert signed_in(division["handler"]).post(path, values).status_code == 403
    handler_page = signed_in(division["handler"]).get(url("project", record.form.pk))
    assert path not in handler_page.content.decode()  # no link to a door that is shut
    head = signed_in(division["head"])
    assert head.post(path, {**values, "decided_on": "2025-10-01"}).status_code == 400
    assert head.post(path, values).status_code == 302
    record.form.refresh_from_db()
    assert record.form.decision_number == "示环审〔2025〕88号"


def test_pauses_and_the_completion_in_the_back_office(
    division: dict[str, Any], record: Record
) -> None:
    from lantian.eia.models import ClockPause

    client = signed_in(division["handler"])
    pause = {"reason": "expert_review", "start": "2025-10-25", "end": ""}
    assert client.post(url("pause_add", record.form.pk), pause).status_code == 302
    opened = ClockPause.objects.get()
    closing = {**pause, "end": "2025-11-05"}
    assert client.post(url("pause_edit", record.form.pk, opened.pk), closing).status_code == 302
    opened.refresh_from_db()
    assert opened.end is not None
    page = client.get(url("project", record.form.pk)).content.decode()
    assert "Expert review" in page and "12 days paused" in page
    completion = {"completed_on": "2026-08-03", "acceptance_report_on": "2026-07-01"}
    refused = client.post(url("completion", record.book.pk), completion)
    assert refused.status_code == 400
    completion["acceptance_report_on"] = "2026-09-18"
    assert client.post(url("completion", record.book.pk), completion).status_code == 302
    # a project that is not approved has no completion screen link
    assert url("completion", record.form.pk) not in page


def test_every_write_screen_is_refused_outside_the_division(
    staff: dict[Role, Any], record: Record
) -> None:
    from lantian.eia.models import ClockPause, Document, Project

    pause = ClockPause.objects.create(
        project=record.form, reason="expert_review", start=record.form.accepted_on
    )
    pk = record.book.pk
    paths = [
        url("project_add"),
        url("project_edit", pk),
        url("notice_add", pk),
        url("decision", record.form.pk),
        url("pause_add", pk),
        url("pause_edit", record.form.pk, pause.pk),
        url("completion", pk),
        url("document_add", pk),
    ]
    before = (Project.objects.count(), record.book.notices.count(), Document.objects.count())
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER, Role.REVIEWER):
        client = signed_in(staff[role])
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)
            assert client.post(path, {"name": "x"}).status_code == 403, (role, path)
    after = (Project.objects.count(), record.book.notices.count(), Document.objects.count())
    assert after == before
