"""The back office speaks Chinese all the way through, to every role: no raw codes, no
True/False, no English left by a clash of messages, no Wagtail branding or links to its
guides, no pointer into the repository — walked as each role over the screens it uses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polib
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from lantian.air.models import Forecast, IngestBatch
from lantian.air.services import ingest_payload, issue_forecast
from lantian.core.models import CalendarDay, Department
from lantian.core.roles import Role
from lantian.core.wagtail_rebranded import WAGTAIL_REBRANDED
from lantian.demo import air as demo_air
from lantian.disclosure.models import DisclosureItem
from lantian.foi import services as foi
from lantian.portal.models import ContentPage
from tests.complaints import watch_fixtures
from tests.complaints.batch_fixtures import places
from tests.complaints.conftest import accepted, case, categories, register
from tests.core.page_text import read, visible_text
from tests.foi import flow
from tests.portal.content import publish

pytestmark = pytest.mark.django_db
FIXTURES = (accepted, case, categories, places, register)  # found by name
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=CST)
CATALOGUE = Path(__file__).resolve().parents[2] / "src/lantian/locale/zh_Hans/LC_MESSAGES/django.po"

# What showed through before: raw values and codes, Wagtail's English and its branding.
RAW = re.compile(
    r"\b(True|False|None|Moderators approval|supplement|third_party|Editor Guide)\b"
    r"|^city\b|\{'|src/|docs/|\.py\b|编辑者指南|guide\.wagtail\.org",
    re.MULTILINE,
)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def office(staff: dict[Role, Any]) -> dict[str, str]:
    """A case through supplement and consultation, a live item, a batch with a refused
    row, a forecast: the screens each role works on, with something on them."""
    case = flow.assigned(staff, date(2026, 11, 2))
    handler = staff[Role.CASE_HANDLER]
    case = foi.request_supplement(
        actor=handler,
        application=case,
        on=date(2026, 11, 3),
        deadline=date(2026, 11, 13),
        note="请写明所需信息的时间范围。",
    )
    case = foi.receive_supplement(actor=handler, application=case, on=date(2026, 11, 5))
    case = foi.start_consultation(
        actor=handler,
        application=case,
        on=date(2026, 11, 6),
        party="示范市某化工有限公司",
        kind="third_party",
    )
    item = publish("关于印发《示范市扬尘污染防治管理规定》的通知", "02.01")
    demo_air.save_stations()
    rows = [
        f"3101A,{(NOW - timedelta(hours=h)).isoformat(timespec='seconds')},6,30,0.6,60,30,40"
        for h in range(3)
    ]
    rows.append(f"3103A,{NOW.isoformat(timespec='seconds')},6,30,999,60,30,40")  # CO 999
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(rows)
    batch = ingest_payload(actor=None, content=content.encode(), filename="hours.csv")
    forecast = issue_forecast(
        actor=staff[Role.DATA_MANAGER],
        issued_at=NOW,
        days=[
            {"day": NOW.date() + timedelta(days=n), "aqi_low": 40, "aqi_high": 70}
            for n in (1, 2, 3)
        ],
    )
    page = ContentPage.objects.get(slug="air-quality-explained")
    return {
        "case": reverse("foi_admin:case", args=[case.pk]),
        "item_edit": reverse("disclosure_items:edit", args=[item.pk]),
        "item_inspect": reverse("disclosure_items:inspect", args=[item.pk]),
        "batch": reverse("wagtailsnippets_air_ingestbatch:inspect", args=[batch.pk]),
        "forecast": reverse("wagtailsnippets_air_forecast:edit", args=[forecast.pk]),
        "page_edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }


@pytest.fixture
def interaction(
    staff: dict[Role, Any], case: Any, places: dict[str, Any], categories: dict[str, Any]
) -> dict[str, str]:
    """The public-interaction screens with something on them: the air division's case, an
    inspection batch from the sample sheet, the watch of a sensitive item with its hot
    topic, a typical case, the settings (the category-less routing rule among them) and
    an API key."""
    from lantian.complaints import batch_services, batches, watch
    from lantian.complaints.models import ChannelRule, LetterTemplate, RoutingRule
    from lantian.core import apikeys

    admin, reviewer = staff[Role.ADMINISTRATOR], staff[Role.REVIEWER]
    batch = batch_services.import_batch(
        actor=admin, filename="batch.xlsx", content=batches.sample_batch_xlsx()
    ).batch
    watch_fixtures.published_item(staff)
    the_watch = watch.Watch.objects.get()
    topic = watch.open_hot_topic(
        actor=reviewer,
        title="关于化工园区异味的关切",
        concern="居民担心夜间排放。",
        watch=the_watch,
    )
    answered = watch_fixtures.complaint(
        title="化工厂夜间排放刺鼻气体", received_on=date(2026, 9, 30), state="replied"
    )
    typical = watch.save_typical_case(
        actor=admin,
        title="夜间偷排废气被查处",
        summary="群众举报化工厂夜间排放。",
        handling="依法立案查处。",
        complaint=answered,
    )
    apikeys.issue_key(actor=admin, name="示范市监测站", scopes=["air:ingest"])
    office = Department.objects.get(code="office")
    rule, _ = RoutingRule.objects.get_or_create(category=None, district=None, department=office)
    RoutingRule.objects.create(category=categories["water"], district=None, department=office)
    RoutingRule.objects.create(category=None, district=places["东城区"], department=office)
    template = LetterTemplate.objects.first()  # the defaults

    def snippet(namespace: str, pk: int) -> str:
        return reverse(f"{namespace}:edit", args=[pk])

    return {
        "complaint": reverse("complaints_admin:case", args=[case.pk]),
        "complaint_batch": reverse("complaint_batches:batch", args=[batch.pk]),
        "watch": reverse("complaints_watch:watch", args=[the_watch.pk]),
        "hot_topic": reverse("complaints_hot_topics:topic", args=[topic.pk]),
        "typical_case": reverse("complaints_typical_cases:edit", args=[typical.pk]),
        "category": snippet("complaints_categories", categories["air"].pk),
        "routing_rule": snippet("complaints_routing", rule.pk),
        "channel_rule": snippet("complaints_channels", ChannelRule.objects.first().pk),
        "letter_template": snippet("complaints_letter_templates", template.pk),
    }


def screens(office: dict[str, str]) -> dict[Role, list[str]]:
    everyone = ["/admin/", "/admin/account/"]
    cases = [
        "/admin/complaints/cases/",
        *(f"/admin/complaints/cases/?queue={q}" for q in ("new", "mine", "due_soon", "overdue")),
        "/admin/complaints/cases/?queue=unanswered",
        "/admin/complaints/cases/register/",
    ]
    watches = ["/admin/complaints/watch/", office["watch"]]
    topics = ["/admin/complaints/hot-topics/", office["hot_topic"]]
    typical = ["/admin/complaints/typical-cases/", office["typical_case"]]
    interaction = [
        *cases,
        office["complaint"],
        "/admin/complaints/batches/",
        "/admin/complaints/batches/import/",
        office["complaint_batch"],
        *watches,
        *topics,
        *typical,
        "/admin/complaints/typical-cases/new/",
        "/admin/complaints/categories/",
        office["category"],
        "/admin/complaints/routing/",
        office["routing_rule"],
        "/admin/complaints/channels/",
        office["channel_rule"],
        "/admin/complaints/letter-templates/",
        office["letter_template"],
        "/admin/api-keys/",
        "/admin/api-keys/new/",
    ]
    foi_screens = ["/admin/foi/cases/", office["case"]]
    disclosure = ["/admin/disclosure/items/", office["item_edit"], office["item_inspect"]]
    pages = ["/admin/pages/", office["page_edit"]]
    air = [
        "/admin/air/stations/",
        "/admin/air/batches/",
        office["batch"],
        "/admin/air/forecasts/",
        office["forecast"],
    ]
    bureau = [
        "/admin/core/calendar-days/",
        "/admin/core/calendar-years/",
        "/admin/core/departments/",
        "/admin/users/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/reports/workflow/",
        reverse("reports_foi_annual"),
        reverse("wagtailsettings:edit", args=["portal", "bureausettings"]),
    ]
    return {
        Role.EDITOR: everyone + disclosure + pages,
        Role.REVIEWER: everyone + disclosure + pages + watches + topics + typical,
        Role.CASE_HANDLER: everyone + foi_screens + cases + ["/admin/complaints/typical-cases/"],
        # the FOI case: another division; the complaint: his own (大气环境处)
        Role.DEPARTMENT_HEAD: [
            *everyone,
            "/admin/foi/cases/",
            *cases,
            office["complaint"],
            *watches,
            *typical,
        ],
        Role.DATA_MANAGER: everyone + air,
        Role.ADMINISTRATOR: everyone
        + foi_screens
        + disclosure
        + pages
        + air
        + bureau
        + interaction,
    }


def pending_wagtail_wording() -> set[str]:
    """Chinese still naming Wagtail until the catalogue is reworded (it is filled
    centrally; core.wagtail_rebranded and core.wagtail_strings list the messages)."""
    with translation.override("zh-hans"):
        ours = [strip_tags(e.msgstr) for e in polib.pofile(str(CATALOGUE)) if "Wagtail" in e.msgstr]
        theirs = [translation.gettext(m) for m in WAGTAIL_REBRANDED]
    return {text for text in ours + theirs if "Wagtail" in text}


def untranslated_msgids() -> list[str]:
    """Our catalogue's messages without a Chinese translation."""
    return [e.msgid for e in polib.pofile(str(CATALOGUE)) if e.msgid and not e.translated()]


def main_text(html: str) -> str:
    found = re.search(r'<main[^>]*id="main".*?</main>', html, re.S)
    return visible_text(found.group(0)) if found else ""


def problems(html: str, pending: set[str], untranslated: list[str]) -> list[str]:
    found = []
    text = visible_text(html)
    found += [m.group(0) for m in RAW.finditer(text)]
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    if title and "Wagtail" in title.group(1):
        found.append(f"title: {title.group(1).strip()}")
    for piece in read(html).texts:
        if "Wagtail" in piece.text and not any(piece.text in p for p in pending):
            found.append(piece.text)
    if "应用程序" in main_text(html):
        found.append("应用程序")
    found += [m for m in untranslated if len(m) > 3 and m in text]
    return found


def test_every_role_reads_its_screens_in_chinese(
    office: dict[str, str], interaction: dict[str, str], client_as: Any
) -> None:
    pending, untranslated = pending_wagtail_wording(), untranslated_msgids()
    found = {}
    for role, urls in screens(office | interaction).items():
        client = client_as(role)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (role, url)
            if wrong := problems(response.content.decode(), pending, untranslated):
                found[(role.value, url)] = sorted(set(wrong))
    assert found == {}


def test_the_case_page_heads_the_facts_with_the_models_name(
    office: dict[str, str], client_as: Any
) -> None:
    from lantian.foi.models import Application

    html = client_as(Role.CASE_HANDLER).get(office["case"]).content.decode()
    heading = re.search(r'<h2 id="facts-heading"[^>]*>(.*?)</h2>', html).group(1)
    with translation.override("zh-hans"):
        assert (
            heading
            == str(Application._meta.verbose_name)[:1].upper()
            + str(Application._meta.verbose_name)[1:]
        )
    assert heading != "应用程序"


def test_the_timeline_says_why_the_clock_moved(office: dict[str, str], client_as: Any) -> None:
    from lantian.foi.admin.labels import CLOCK_REASONS

    html = client_as(Role.CASE_HANDLER).get(office["case"]).content.decode()
    timeline = re.search(r'<ol class="foi-timeline">.*?</ol>', html, re.S).group(0)
    with translation.override("zh-hans"):
        assert str(CLOCK_REASONS["supplement"]) in timeline
        assert str(CLOCK_REASONS["third_party"]) in timeline
    assert not re.search(r"\b(supplement|third_party)\b", visible_text(timeline))


def test_the_batch_report_is_a_table_of_refused_rows(
    office: dict[str, str], client_as: Any
) -> None:
    html = client_as(Role.DATA_MANAGER).get(office["batch"]).content.decode()
    assert "{'" not in html and "&#x27;created&#x27;" not in html
    table = re.search(r"<table class=\"listing\">.*?</table>", html, re.S).group(0)
    rows = re.findall(r'<th scope="row">(\d+)</th>', table)
    assert rows == ["4"]  # the file's fourth row of values
    assert "co" in table and "999" in table and "3103A" in table
    assert IngestBatch.objects.get().rejected == 1
    assert "2026年11月26日 10:00" in html  # received at 02:00 UTC, shown in Shanghai time


def test_forecasts_name_their_area(office: dict[str, str], client_as: Any) -> None:
    client = client_as(Role.DATA_MANAGER)
    listing = visible_text(client.get("/admin/air/forecasts/").content.decode())
    with translation.override("zh-hans"):
        area = Forecast.objects.get().get_area_display()
    assert area in listing and not re.search(r"^city\b", listing, re.MULTILINE)


def test_booleans_read_yes_and_no(office: dict[str, str], client_as: Any) -> None:
    stations = client_as(Role.ADMINISTRATOR).get("/admin/air/stations/").content.decode()
    with translation.override("zh-hans"):
        yes, no = translation.gettext("Yes"), translation.gettext("No")
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", stations, re.S)
    assert yes in cells and no in cells  # counted for the city, or not (3190B, 3191T)
    assert "True" not in cells and "False" not in cells


def test_the_holiday_table_opens_on_this_year_and_next_in_chinese(client_as: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)

    def years(query: str = "") -> list[int]:
        html = client.get(f"/admin/core/calendar-days/{query}").content.decode()
        return [int(y) for y in re.findall(r'id="snippet_\d+_title">(\d{4})年', html)]

    html = client.get("/admin/core/calendar-days/").content.decode()
    assert set(years()) == {2026}  # the library knows 2026; 2027 is not announced yet
    assert "元旦" in visible_text(html) and "国庆节" in visible_text(html)
    assert "Spring Festival" not in html and "National Day" not in html
    assert min(years("?year=all")) == 2004
    assert set(years("?year=2025")) == {2025}
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦")
    assert set(years()) == {2026, 2027}
    assert not CalendarDay.objects.filter(name__regex=r"[A-Za-z]{3}").exists()


def test_the_shell_carries_the_bureaus_name_and_logo(client_as: Any) -> None:
    html = client_as(Role.EDITOR).get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "示范市生态环境局" in title and "Wagtail" not in title
    assert "lantian/icons/icon.svg" in html  # the logo and the favicon
    assert "guide.wagtail.org" not in html and "editor-guide" not in html
    login = Client().get("/admin/login/").content.decode()
    assert "示范市生态环境局" in visible_text(login) and "lantian/icons/icon.svg" in login
    assert "Password" not in visible_text(login)  # Wagtail's field had no label
    assert problems(login, pending_wagtail_wording(), untranslated_msgids()) == []


def test_the_default_page_workflow_is_in_chinese_and_reviewed_by_reviewers() -> None:
    from wagtail.models import GroupApprovalTask, Workflow

    names = set(Workflow.objects.values_list("name", flat=True))
    assert "Moderators approval" not in names
    task = GroupApprovalTask.objects.get(name="审核员审核")
    assert list(task.groups.values_list("name", flat=True)) == [Role.REVIEWER.group_name]


def test_an_item_in_review_is_not_held_by_the_page_workflow(office: dict[str, str]) -> None:
    # disclosure items go through their own workflow (主动公开审核) only
    from wagtail.models import WorkflowContentType

    assert set(
        WorkflowContentType.objects.filter(
            content_type__model=DisclosureItem._meta.model_name
        ).values_list("workflow__name", flat=True)
    ) == {"主动公开审核"}


def test_the_routing_rules_name_any_category_and_district(
    interaction: dict[str, str], client_as: Any
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    listing = main_text(client.get("/admin/complaints/routing/").content.decode())
    assert "任何类别" in listing and "任何区县" in listing
    assert "None" not in listing
    channels = main_text(client.get("/admin/complaints/channels/").content.decode())
    assert "自然日" in channels and "节假日" not in channels  # not the holiday table's name
    templates = main_text(client.get("/admin/complaints/letter-templates/").content.decode())
    assert "更新时间" in templates and "Updated at" not in templates
