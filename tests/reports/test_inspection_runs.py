"""Runs of the website self-inspection: stored and audited, the daily job's alert (e-mail
to the administrators, the dashboard's attention), the administrators' screen and its
denials, and `lantian inspect-site --json`."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core import attention
from lantian.core.roles import Role
from lantian.disclosure.models import DisclosureItem
from lantian.reports import inspection_services as services
from lantian.reports import tasks
from lantian.reports.models import InspectionRun
from tests.reports import inspection_fixtures
from tests.reports.inspection_fixtures import TODAY

pytestmark = pytest.mark.django_db

clean_site = inspection_fixtures.clean_site  # (the fixture)

SCREEN = "/admin/reports/inspection/"
RUN_NOW = "/admin/reports/inspection/run/"


@pytest.fixture
def quick(clean_site: Any, settings: Any) -> Any:
    settings.LANTIAN_INSPECTION_MAX_PAGES = 3  # the links are tested in test_inspection_checks
    return clean_site


@pytest.fixture
def stale(quick: Any) -> Any:
    """The site three weeks later: the home page not updated (a single-item veto)."""
    DisclosureItem.objects.update(published_on=TODAY - timedelta(days=21))
    return quick


def test_a_run_is_stored_and_audited(quick: Any, staff: dict[Role, Any]) -> None:
    run = services.run_inspection(
        trigger=InspectionRun.Trigger.STAFF, today=TODAY, actor=staff[Role.ADMINISTRATOR]
    )
    assert (run.vetoes, run.failures) == (0, 0)
    assert run.finished_at >= run.started_at
    assert [row["check"] for row in run.results][:2] == ["site_accessible", "home_updated"]
    entry = ModelLogEntry.objects.get(object_id=str(run.pk), content_type__model="inspectionrun")
    assert entry.user == staff[Role.ADMINISTRATOR] and entry.data["today"] == "2026-11-16"


def test_a_failed_veto_is_mailed_to_administrators_and_on_their_dashboard(
    stale: Any, staff: dict[Role, Any]
) -> None:
    run = services.run_inspection(trigger=InspectionRun.Trigger.SCHEDULE, today=TODAY)
    assert run.vetoes >= 1
    sent = services.alert_administrators(run)
    assert sent == len(mail.outbox) >= 1
    assert {m.to[0] for m in mail.outbox} == {a.email for a in services.administrators()}
    assert staff[Role.ADMINISTRATOR].email in {m.to[0] for m in mail.outbox}
    assert "/admin/reports/inspection/" in mail.outbox[0].body
    items = attention.items_for(staff[Role.ADMINISTRATOR])
    vetoes = [i for i in items if i.url == SCREEN]
    assert vetoes and all(i.urgent for i in vetoes)
    assert not [i for i in attention.items_for(staff[Role.EDITOR]) if i.url == SCREEN]


def test_no_alert_for_a_clean_run(quick: Any, staff: dict[Role, Any]) -> None:
    run = services.run_inspection(trigger=InspectionRun.Trigger.SCHEDULE, today=TODAY)
    assert services.alert_administrators(run) == 0 and mail.outbox == []
    items = attention.items_for(staff[Role.ADMINISTRATOR])
    assert not [i for i in items if i.url == SCREEN]


def test_the_daily_job_runs_and_alerts(stale: Any, time_machine: Any) -> None:
    time_machine.move_to("2026-11-16 06:30:00+08:00", tick=False)
    sent = tasks.inspect_site.call()
    run = InspectionRun.objects.get()
    assert run.trigger == InspectionRun.Trigger.SCHEDULE and run.vetoes >= 1
    assert sent == len(mail.outbox) >= 1


def test_the_screen_shows_vetoes_in_words_and_links(stale: Any, client_as: Any) -> None:
    services.run_inspection(trigger=InspectionRun.Trigger.SCHEDULE, today=TODAY)
    response = client_as(Role.ADMINISTRATOR).get(SCREEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "w-text-critical-200" in html
    assert "VETO" in html or "否决" in html
    assert '<a href="/">/</a>' in html
    run = InspectionRun.objects.get()
    assert reverse("reports_inspection_run_detail", args=[run.pk]) in html


def test_run_now_by_an_administrator(
    quick: Any, client_as: Any, staff: dict[Role, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    assert client.get(RUN_NOW).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):  # the job, run in process here
        response = client.post(RUN_NOW)
    assert response.status_code == 302 and response["Location"] == SCREEN
    run = InspectionRun.objects.get()
    assert run.trigger == InspectionRun.Trigger.STAFF
    entry = ModelLogEntry.objects.get(object_id=str(run.pk), content_type__model="inspectionrun")
    assert entry.user == staff[Role.ADMINISTRATOR]


@pytest.mark.parametrize(
    "role",
    [Role.EDITOR, Role.REVIEWER, Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER],
)
def test_other_roles_are_refused(
    quick: Any, client_as: Any, role: Role, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(role)
    assert client.get(SCREEN).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(RUN_NOW).status_code == 403
    assert not InspectionRun.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(quick: Any, client: Any) -> None:
    for response in (client.get(SCREEN), client.post(RUN_NOW)):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not InspectionRun.objects.exists()


def test_the_command_prints_each_check_as_json(quick: Any) -> None:
    out = io.StringIO()
    call_command("inspect-site", "--json", "--today", "2026-11-16", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["today"] == "2026-11-16" and payload["vetoes"] == 0
    checks = {row["check"]: row for row in payload["checks"]}
    assert set(checks["site_accessible"]) == {"check", "title", "status", "veto", "urls", "detail"}
    assert checks["site_accessible"]["status"] == "pass"
    assert InspectionRun.objects.get().trigger == InspectionRun.Trigger.COMMAND


def test_the_command_exits_1_on_a_veto(stale: Any) -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("inspect-site", "--json", "--today", "2026-11-16", stdout=out)
    assert exit.value.code == 1
    checks = {row["check"]: row for row in json.loads(out.getvalue())["checks"]}
    assert checks["home_updated"] == {
        **checks["home_updated"],
        "status": "fail",
        "veto": True,
        "urls": ["/"],
    }
