"""Publishing the yearly bulletin: the disclosure item (环境质量公报) with its PDF and
DOCX, the back-office screen (editors; others refused) and `lantian report bulletin`."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lantian.air.models import CITY, AreaDay
from lantian.core.roles import Role
from lantian.disclosure.models import DisclosureItem
from lantian.reports import bulletin_services
from tests.reports.test_bulletin import add_city_year

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 20)
ADMIN_URL = "/admin/reports/bulletin/"


def test_publish_creates_one_item_with_files_and_sends_it_to_review(demo: Any) -> None:
    add_city_year(2025)
    item = bulletin_services.publish(actor=None, year=2025, today=TODAY)
    assert item.category.code == "05.03"
    assert item.title.endswith("2025年环境状况公报")
    assert item.workflow_in_progress and not item.live
    draft = item.get_latest_revision_as_object()
    names = [a.file.name.rsplit("/", 1)[-1] for a in draft.attachments.all()]
    assert all(name.startswith("environment-bulletin-2025") for name in names)
    assert sorted(name.rsplit(".", 1)[-1] for name in names) == ["docx", "pdf"]
    # publishing again makes a new draft of the same item, its files replaced
    again = bulletin_services.publish(actor=None, year=2025, today=TODAY, review=False)
    assert again.pk == item.pk
    again.refresh_from_db()
    assert again.live
    assert DisclosureItem.objects.filter(category__code="05.03", title=item.title).count() == 1
    assert again.attachments.count() == 2


def test_an_incomplete_year_is_not_published(demo: Any) -> None:
    add_city_year(2025, n=300)
    with pytest.raises(ValidationError, match="324"):
        bulletin_services.publish(actor=None, year=2025, today=TODAY)
    add_city_year(2026, n=340)
    with pytest.raises(ValidationError):  # not over yet
        bulletin_services.publish(actor=None, year=2026, today=date(2026, 12, 8))
    assert not DisclosureItem.objects.filter(category__code="05.03").exists()


def test_admin_screen_refuses_anonymous_and_other_roles(client: Client, client_as: Any) -> None:
    response = client.get(ADMIN_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for role in (Role.CASE_HANDLER, Role.DATA_MANAGER):
        assert client_as(role).get(ADMIN_URL).status_code == 403
        assert client_as(role).post(ADMIN_URL, {"year": 2025}).status_code == 403
    assert not DisclosureItem.objects.filter(category__code="05.03").exists()


def test_editor_publishes_from_the_admin_screen(client_as: Any) -> None:
    add_city_year(2025)
    add_city_year(2024, n=100)
    editor = client_as(Role.EDITOR)
    page = editor.get(ADMIN_URL)
    assert page.status_code == 200
    # only the complete year has a publish button
    assert 'name="year" value="2025"' in page.text
    assert 'name="year" value="2024"' not in page.text
    response = editor.post(ADMIN_URL, {"year": 2024})  # incomplete: refused with a message
    assert response.status_code == 302
    assert not DisclosureItem.objects.filter(category__code="05.03").exists()
    response = editor.post(ADMIN_URL, {"year": 2025})
    assert response.status_code == 302
    item = DisclosureItem.objects.get(category__code="05.03")
    assert item.workflow_in_progress


def test_command_prints_json_and_writes_files(demo: Any, tmp_path: Path) -> None:
    add_city_year(2025)
    out = StringIO()
    call_command("report", "bulletin", "--year", "2025", "--today", "2026-01-20", stdout=out)
    data = json.loads(out.getvalue())
    assert data["annual_assessment"] is True
    assert data["air"]["pollutants"]["pm25"]["annual_mean"] == 30
    target = tmp_path / "b.docx"
    call_command(
        "report",
        "bulletin",
        "--year",
        "2025",
        "--format",
        "docx",
        "--output",
        str(target),
        "--today",
        "2026-01-20",
    )
    assert target.read_bytes()[:2] == b"PK"


def test_command_publish_refuses_an_incomplete_year(demo: Any) -> None:
    add_city_year(2025, n=30)
    with pytest.raises(CommandError, match="324") as raised:
        call_command(
            "report",
            "bulletin",
            "--year",
            "2025",
            "--publish",
            "--today",
            "2026-01-20",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert raised.value.returncode == 2
    err = StringIO()
    call_command("report", "bulletin", "--year", "2025", "--today", "2026-01-20", stdout=StringIO())
    add_city_year(2024)
    call_command(
        "report",
        "bulletin",
        "--year",
        "2024",
        "--publish",
        "--today",
        "2026-01-20",
        stdout=StringIO(),
        stderr=err,
    )
    assert "published to the disclosure review" in err.getvalue()


def test_demo_publishes_the_last_full_years_bulletin_once(demo: Any) -> None:
    from lantian.demo import reports as reports_demo

    add_city_year(2025, n=300)
    lines: list[str] = []
    assert reports_demo.load_bulletin(today=date(2026, 12, 8), progress=lines.append) == {
        "bulletins": 0
    }
    assert "not published" in lines[0]
    AreaDay.objects.filter(area=CITY).delete()
    add_city_year(2025)
    assert reports_demo.load_bulletin(today=date(2026, 12, 8)) == {"bulletins": 1}
    item = DisclosureItem.objects.get(category__code="05.03")
    assert item.live
    assert reports_demo.load_bulletin(today=date(2026, 12, 8)) == {"bulletins": 0}


def test_demo_air_starts_on_1_january_of_the_year_before() -> None:
    from lantian.demo.air import LOCAL, default_span

    first, last = default_span(datetime(2026, 12, 8, 10, 30, tzinfo=LOCAL))
    assert first == datetime(2025, 1, 1, tzinfo=LOCAL)
    assert last == datetime(2026, 12, 8, 10, tzinfo=LOCAL)
    first, _last = default_span(datetime(2027, 9, 1, tzinfo=LOCAL))
    assert first == datetime(2026, 1, 1, tzinfo=LOCAL)  # 18 months back is later
    first, _last = default_span(datetime(2026, 3, 1, tzinfo=LOCAL))
    assert first == datetime(2025, 1, 1, tzinfo=LOCAL)  # never before the series' anchor
