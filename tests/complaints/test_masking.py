"""No personal data on any public page, feed or public API: a complaint sent through the
public form with a known name, phone, email, ID number and contact address (with its
house number), written into its texts too, is accepted, replied to and published by
staff; then every public page, both feeds, the tracking page and the public API and
Open311 answers are fetched, and none of those strings appears anywhere."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve

from lantian.complaints import services
from lantian.complaints.models import Complaint, HotTopic, TypicalCase
from lantian.core.roles import Role
from tests.complaints.public import CASE, DONE, PERSONAL, TRACK, districts, png, post

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
SENT = datetime(2026, 10, 9, 10, tzinfo=CST)

SECRETS = (
    "王小明",
    "13912345678",
    "139 1234 5678",
    "wangxiaoming@example.cn",
    "wangxiaoming",
    "11010519491231002X",
    "人民路100号",
    "3幢502室",
)
DESCRIPTION = (
    "我是王小明，住人民路100号3幢502室。楼下化工厂每晚排放刺鼻气体。"
    "请回电139 1234 5678或写信到wangxiaoming@example.cn，身份证11010519491231002X。"
)


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def mounted(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "not_found" and getattr(match.func, "__name__", "") != "not_found"


@pytest.fixture
def published(demo: Any, staff: dict[Role, Any]) -> tuple[Complaint, str]:
    """The complaint, sent through the form, answered and published by staff."""
    cache.clear()
    districts()
    client = Client()
    with time_machine.travel(SENT, tick=False):
        response = post(
            client,
            description=DESCRIPTION,
            title="王小明反映化工厂异味，电话13912345678",
            photos=[png()],
        )
        assert response.status_code == 302, response.context["form"].errors
        html = client.get(DONE).content.decode()
    code = re.search(r'data-testid="verification-code">([^<]+)<', html).group(1)
    complaint = Complaint.objects.get()
    assert complaint.name == PERSONAL["name"]
    admin = staff[Role.ADMINISTRATOR]
    with time_machine.travel(SENT + timedelta(days=20), tick=False):
        services.accept(actor=admin, complaint=complaint, on=date(2026, 10, 10))
        services.extend(
            actor=admin,
            complaint=complaint,
            days=10,
            reason="王小明所述企业需采样监测（13912345678）",
            on=date(2026, 10, 20),
        )
        services.reply(
            actor=admin,
            complaint=complaint,
            text="王小明您好：经查企业废气处理设施故障，已责令整改。如有疑问请拨13912345678回访。",
            on=date(2026, 10, 28),
        )
        # the summary staff write still carries personal data: the service masks it
        services.publish_reply(
            actor=admin,
            complaint=complaint,
            summary="王小明（13912345678，wangxiaoming@example.cn，身份证11010519491231002X）"
            "反映楼下化工厂每晚排放刺鼻气体。",
            reply="经查企业废气处理设施故障，已责令整改；回访电话13912345678。",
            on=date(2026, 10, 28),
        )
        complaint.photos.update(public=True)
    TypicalCase.objects.create(
        title="化工厂异味投诉",
        summary="居民反映化工厂夜间异味。",
        handling="夜查。",
        complaint=complaint,
        published_on=date(2026, 10, 29),
        live=True,
    )
    topic = HotTopic.objects.create(
        title="化工园区异味",
        concern="多名居民反映异味。",
        response="已整改。",
        state=HotTopic.State.PUBLISHED,
        opened_on=date(2026, 10, 1),
        published_on=date(2026, 10, 29),
        events=[{"kind": "opened", "on": "2026-10-01", "actor_name": "王小明", "note": ""}],
    )
    topic.complaints.add(complaint)
    complaint.refresh_from_db()
    return complaint, code


def test_no_public_page_feed_or_api_shows_the_complainant_s_data(
    published: tuple[Complaint, str],
) -> None:
    complaint, code = published
    assert complaint.published and complaint.public_summary
    client = Client()
    urls = [
        "/",
        "/interaction/",
        "/interaction/replies/",
        f"/interaction/replies/{complaint.pk}/",
        "/interaction/replies/feed/rss.xml",
        "/interaction/replies/feed/atom.xml",
        "/interaction/typical-cases/",
        f"/interaction/typical-cases/{TypicalCase.objects.get().pk}/",
        "/interaction/hot-topics/",
        f"/interaction/hot-topics/{HotTopic.objects.get().pk}/",
        "/interaction/statistics/?year=2026",
        "/interaction/statistics/?year=2026&month=10",
        "/interaction/complaints/new/",
        "/interaction/mailbox/new/",
        "/interaction/track/",
        "/search/?q=" + "化工厂",
    ]
    photo = complaint.photos.get()
    urls.append(f"/interaction/replies/{complaint.pk}/photos/{photo.pk}/")
    # the public API and Open311, where they are mounted
    api = [
        "/api/v1/complaints/stats?year=2026",
        f"/api/v1/complaints/{complaint.case_no}?verification={code}",
    ]
    open311 = [
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{complaint.case_no}.json",
        f"/open311/v2/requests/{complaint.case_no}.xml",
        "/open311/v2/services.json",
        "/open311/discovery.json",
    ]
    fetched: dict[str, str] = {}
    with time_machine.travel(SENT + timedelta(days=30), tick=False):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            fetched[url] = body.decode("utf-8", "replace")
        for url in api + open311:
            if not mounted(url.split("?")[0]):
                continue
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            fetched[url] = response.content.decode()
        # the complainant's own tracking page is masked too (a shared screen)
        tracking = Client()
        tracking.post(TRACK, {"case_no": complaint.case_no, "verification_code": code})
        page = tracking.get(CASE)
        assert page.status_code == 200
        fetched[CASE] = page.content.decode()
    problems = {url: leaks(text) for url, text in fetched.items() if leaks(text)}
    assert problems == {}
    # and the published texts are there, masked
    detail = fetched[f"/interaction/replies/{complaint.pk}/"]
    assert "王**" in detail and "139****5678" in detail and "110***********002X" in detail
    assert "化工厂每晚排放刺鼻气体" in detail
    assert "王**" in fetched[CASE] and "已责令整改" in fetched[CASE]
    assert any(url.startswith("/open311/") for url in fetched) or not mounted(
        "/open311/discovery.json"
    )


def test_house_numbers_are_hidden_and_document_numbers_kept() -> None:
    from lantian.core.privacy import mask_house_numbers

    assert mask_house_numbers("我住人民路100号3幢502室。") == "我住人民路****。"
    assert mask_house_numbers("阳光小区5栋1单元302室") == "阳光小区****"
    assert mask_house_numbers("滨河路88-2号附近") == "滨河路****附近"
    for kept in ("环办〔2009〕101号文", "12369热线", "东城区人民路", "第3号文件"):
        assert mask_house_numbers(kept) == kept
