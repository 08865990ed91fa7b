"""Both languages all the way through the public site: <html lang> on every page; on the
English site the bureau's settings, districts and stations in English, and whatever
Chinese has no translation (item titles, categories, records) marked lang="zh-Hans" so
that screen readers read it in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from lantian.air.services import ingest_payload
from lantian.complaints import batch_services, batches
from lantian.complaints import services as complaints
from lantian.complaints.models import HotTopic, TypicalCase
from lantian.core.roles import Role
from lantian.demo import air as demo_air
from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure import services as disclosure
from lantian.disclosure.models import DisclosureItem
from tests.complaints.batch_fixtures import enforcement_head, office_head
from tests.complaints.public import DONGCHENG, PERSONAL
from tests.core.page_text import html_lang, unmarked_chinese
from tests.portal.content import publish

FIXTURES = (enforcement_head, office_head)  # found by name

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def site(demo: Any) -> dict[str, str]:
    """The demo's districts and stations with six hours of two of them, and a live item."""
    demo_air.save_stations()
    lines = [
        f"{code},{(NOW - timedelta(hours=h)).isoformat(timespec='seconds')},6,30,0.6,60,30,40"
        for code in ("3101A", "3103A")
        for h in range(6)
    ]
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines)
    ingest_payload(actor=None, content=content.encode(), filename="hours.csv")
    item = publish("我局开展冬季燃煤锅炉专项执法检查", "14", DisclosureItem.Kind.NEWS)
    return {"item": disclosure_selectors.item_path(item.index_no)}


@pytest.fixture
def interaction(
    site: dict[str, str], staff: dict[Role, Any], office_head: Any, enforcement_head: Any
) -> dict[str, str]:
    """政民互动 with content, all of it in Chinese only: a reply published with the
    writer's consent, a typical case, a response to a public concern and the published
    results of an inspection batch."""
    admin = staff[Role.ADMINISTRATOR]
    complaints.ensure_defaults()
    received = NOW - timedelta(days=20)
    case, _code = complaints.register_complaint(
        actor=None,
        channel="online",
        category="air",
        title="夜间异味",
        description="园区化工厂夜间排放刺鼻气体。",
        latitude=DONGCHENG[0],
        longitude=DONGCHENG[1],
        submitted_at=received,
        agrees_to_publication=True,
        **PERSONAL,
    )
    complaints.accept(actor=admin, complaint=case, on=received.date())
    complaints.reply(actor=admin, complaint=case, text="已责令整改。", on=NOW.date())
    complaints.publish_reply(
        actor=admin,
        complaint=case,
        summary="园区化工厂夜间排放刺鼻气体，影响居民休息。",
        reply="经现场检查，企业废气处理设施故障，已责令停产整改并立案处罚。",
        on=NOW.date(),
    )
    typical = TypicalCase.objects.create(
        title="某化工企业废气超标排放案",
        summary="群众多次反映夜间异味。",
        handling="执法人员夜间突击检查。",
        outcome="罚款二十万元。",
        published_on=NOW.date(),
        live=True,
    )
    topic = HotTopic.objects.create(
        title="关于垃圾焚烧厂选址的回应",
        concern="市民关注焚烧厂选址。",
        response="选址经过环评和公众参与。",
        state=HotTopic.State.PUBLISHED,
        opened_on=NOW.date() - timedelta(days=5),
        published_on=NOW.date(),
        events=[{"kind": "publish", "on": NOW.date().isoformat(), "actor_name": "", "note": ""}],
    )
    rows = (
        {
            "case_no": "D3SF202611001",
            "district": "东城区",
            "category": "大气污染",
            "description": "东城区滨河路家具厂夜间喷漆，气味刺鼻。",
        },
    )
    result = batch_services.import_batch(
        actor=admin, filename="b.xlsx", content=batches.sample_batch_xlsx(rows=rows)
    )
    complaints.record_findings(
        actor=admin,
        complaint=result.imported[0],
        findings="经核查，该厂喷漆废气收集设施未运行，情况属实。",
        substantiated="yes",
        measures="责令立即停止喷漆作业，限期完成整改。",
        penalties="立案查处，罚款人民币五万元。",
        accountability="对属地街道分管负责人约谈。",
        on=NOW.date(),
    )
    results = batch_services.publish_batch_results(actor=admin, batch=result.batch)
    disclosure.approve_step(actor=staff[Role.REVIEWER], item=results, comment="不涉密，可公开")
    heads = {"office": office_head, "enforcement": enforcement_head}
    assert disclosure.approve_step(actor=heads[results.department.code], item=results).live
    return {
        "reply": f"/interaction/replies/{case.pk}/",
        "typical": f"/interaction/typical-cases/{typical.pk}/",
        "topic": f"/interaction/hot-topics/{topic.pk}/",
        "batch": f"/interaction/inspection/{result.batch.batch_no}/",
    }


def pages(site: dict[str, str]) -> list[str]:
    return [
        "/",
        "/environment/",
        "/environment/air-quality-explained/",
        "/environment/air/",
        "/environment/air/stations/3101A/",
        "/disclosure/catalogue/",
        "/disclosure/news/",
        site["item"],
        "/search/?q=燃煤锅炉",
    ]


def get(path: str, language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(("language", "tag"), [("zh-hans", "zh-Hans"), ("en", "en")])
def test_every_page_declares_its_language(site: dict[str, str], language: str, tag: str) -> None:
    for path in [*pages(site), "/disclosure/guide/", "/services/foi/apply/"]:
        assert html_lang(get(path, language)) == tag, path
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert html_lang(missing.content.decode()) == tag


def test_the_english_site_marks_every_chinese_text(site: dict[str, str]) -> None:
    for path in [*pages(site), "/disclosure/guide/"]:
        assert unmarked_chinese(get(path, "en")) == [], path


def interaction_pages(interaction: dict[str, str]) -> list[str]:
    return [
        "/",
        "/interaction/",
        "/interaction/replies/",
        interaction["reply"],
        "/interaction/typical-cases/",
        interaction["typical"],
        "/interaction/hot-topics/",
        interaction["topic"],
        "/interaction/inspection/",
        interaction["batch"],
        "/interaction/statistics/",
    ]


def test_the_english_site_marks_the_chinese_of_public_interaction(
    interaction: dict[str, str],
) -> None:
    unmarked = {}
    for path in interaction_pages(interaction):
        html = get(path, "en")
        assert 'lang="zh-Hans"' in html, path  # the Chinese content is there, and marked
        unmarked[path] = unmarked_chinese(html)
    assert {path: texts for path, texts in unmarked.items() if texts} == {}


def test_the_chinese_site_marks_nothing_in_public_interaction(
    interaction: dict[str, str],
) -> None:
    for path in interaction_pages(interaction):
        html = get(path, "zh-hans")
        assert '<span lang="zh-Hans">' not in html and '<div lang="zh-Hans"' not in html, path
        assert '"case-reply" lang="zh-Hans"' not in html, path


def test_the_english_site_names_districts_stations_and_the_bureau_in_english(
    site: dict[str, str],
) -> None:
    now = get("/environment/air/", "en")
    assert "Dongcheng District" in now and "Xihu District" in now
    assert "东城区" not in now
    station = get("/environment/air/stations/3101A/", "en")
    assert "<h1>City Monitoring Station</h1>" in station
    assert "Dongcheng District" in station
    footer = get("/", "en").split('<footer class="site-footer">')[1]
    assert "Demo City Ecology and Environment Bureau" in footer
    assert "88 Zhengwu Zhongxin Road, Demo City" in footer
    assert "Working days 8:30–12:00 and 13:30–17:30" in footer
    # record numbers are issued in Chinese: shown as issued, marked as Chinese
    assert '<span><span lang="zh-Hans">示ICP备20190001号-1</span></span>' in footer
    content = get("/environment/air-quality-explained/", "en")
    assert "How the Air Quality Index is calculated" in content and "空气质量" not in content


def test_the_chinese_site_marks_nothing(site: dict[str, str]) -> None:
    for path in pages(site):
        assert '<span lang="zh-Hans">' not in get(path, "zh-hans"), path
    now = get("/environment/air/", "zh-hans")
    assert "东城区" in now and "Dongcheng District" not in now
    footer = get("/", "zh-hans").split('<footer class="site-footer">')[1]
    assert "工作日 8:30—12:00，13:30—17:30" in footer
