"""The watch of sensitive disclosure items after publication: opened for the reviewer who
approved the confidentiality review, page views per day, messages that mention the item
suggested and linked, a hot-topic response with its timeline, closing with a note, the
dashboard's item, and who may open which screen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.complaints import watch
from lantian.complaints.models import HotTopic, Watch, WatchMention
from lantian.core import attention
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from tests.conftest import PASSWORD

from .conftest import signed_in
from .watch_fixtures import CST, ITEM_CORE, ITEM_TITLE, complaint, published_item

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 11, 2, 10, tzinfo=CST)
LATER = datetime(2026, 11, 5, 15, tzinfo=CST)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def item(staff: dict[Role, Any]) -> Any:
    with time_machine.travel(PUBLISHED, tick=False):
        return published_item(staff)


@pytest.fixture
def the_watch(item: Any) -> Watch:
    return Watch.objects.get(item_id=item.pk)


def test_publishing_a_sensitive_item_opens_a_watch_for_its_reviewer(
    item: Any, staff: dict[Role, Any]
) -> None:
    found = Watch.objects.get(item_id=item.pk)
    assert found.reviewer == staff[Role.REVIEWER]  # 保密审查's approver, not the head
    assert found.published_on == date(2026, 11, 2) == item.published_on
    assert found.closed_at is None
    entry = ModelLogEntry.objects.get(action=watch.WATCH_OPENED, object_id=str(found.pk))
    assert entry.data["index_no"] == item.index_no
    # the same publication again opens nothing more
    assert watch.open_watch(actor=None, item=item) == found
    assert watch.open_missing_watches() == 0
    assert Watch.objects.filter(item_id=item.pk).count() == 1


def test_a_non_sensitive_item_opens_no_watch(staff: dict[Role, Any]) -> None:
    with time_machine.travel(PUBLISHED, tick=False):
        plain = published_item(staff, sensitive=False, title="示范市2026年10月环境空气质量月报")
    assert not Watch.objects.filter(item_id=plain.pk).exists()


def test_page_views_per_day_are_on_the_watch(item: Any, the_watch: Watch, staff: Any) -> None:
    public = Client()
    page = f"/disclosure/items/{item.index_no}/"
    with time_machine.travel(PUBLISHED, tick=False):
        assert public.get(page).status_code == 200
    with time_machine.travel(datetime(2026, 11, 4, 9, tzinfo=CST), tick=False):
        for _ in range(3):
            assert public.get(page).status_code == 200
    with time_machine.travel(LATER, tick=False):
        days = watch.view_days(the_watch)
        assert [(d.day, d.views) for d in days] == [
            (date(2026, 11, 2), 1),
            (date(2026, 11, 3), 0),
            (date(2026, 11, 4), 3),
            (date(2026, 11, 5), 0),
        ]
        assert [d.height for d in days] == [33, 0, 100, 0]
        response = signed_in(staff[Role.REVIEWER]).get(f"/admin/complaints/watch/{the_watch.pk}/")
    assert response.status_code == 200
    assert response.context["total_views"] == 4
    assert "4 page views since publication." in response.content.decode()


def test_a_message_mentioning_the_item_is_suggested_then_linked(
    item: Any, the_watch: Watch, staff: dict[Role, Any]
) -> None:
    about = complaint(description=f"看到贵局发布的《{ITEM_TITLE}》，请问整改何时完成？")
    by_number = complaint(title="询问信息公开内容", description=f"索引号{item.index_no}的文件。")
    core = complaint(title=f"{ITEM_CORE}还没解决", description="晚上仍有异味。")
    complaint(description="小区旁边的餐馆油烟很大。")  # not about it
    complaint(description=f"关于{ITEM_CORE}", received_on=date(2026, 10, 20))  # before
    suggested = set(watch.suggested_messages(the_watch))
    assert suggested == {about, by_number, core}

    reviewer = signed_in(staff[Role.REVIEWER])
    with time_machine.travel(LATER, tick=False):
        page = reviewer.get(f"/admin/complaints/watch/{the_watch.pk}/")
    html = page.content.decode()
    assert about.case_no in html
    # staff see what the message says, never who sent it
    for personal in ("李小梅", "13912345678", "xiaomei@example.cn", "人民路100号"):
        assert personal not in html

    response = reviewer.post(f"/admin/complaints/watch/{the_watch.pk}/messages/{about.pk}/link/")
    assert response.status_code == 302
    response = reviewer.post(f"/admin/complaints/watch/{the_watch.pk}/messages/{core.pk}/dismiss/")
    assert response.status_code == 302
    assert list(watch.linked_messages(the_watch)) == [about]
    assert set(watch.suggested_messages(the_watch)) == {by_number}
    assert WatchMention.objects.get(complaint=core).linked is False
    assert ModelLogEntry.objects.filter(action=watch.WATCH_MESSAGE_LINKED).count() == 1

    # a message the watch does not show cannot be linked through it
    other = complaint(description="噪声扰民。")
    response = reviewer.post(f"/admin/complaints/watch/{the_watch.pk}/messages/{other.pk}/link/")
    assert response.status_code == 404


def test_drafting_and_publishing_a_hot_topic_response_records_its_timeline(
    item: Any, the_watch: Watch, staff: dict[Role, Any]
) -> None:
    about = complaint(description=f"《{ITEM_TITLE}》说的整改，什么时候完成？")
    watch.link_message(actor=staff[Role.REVIEWER], watch=the_watch, complaint=about)
    reviewer = signed_in(staff[Role.REVIEWER])
    with time_machine.travel(datetime(2026, 11, 6, 9, tzinfo=CST), tick=False):
        response = reviewer.post(
            f"/admin/complaints/watch/{the_watch.pk}/hot-topic/",
            {"title": "园区异味整改进展", "title_en": "", "concern": "群众关注整改进度。"},
        )
        assert response.status_code == 302
        topic = HotTopic.objects.get()
        assert response["Location"] == f"/admin/complaints/hot-topics/{topic.pk}/"
        assert topic.state == HotTopic.State.WATCHING
        assert topic.owner == staff[Role.REVIEWER]
        assert topic.disclosure_item_id == item.pk
        assert list(topic.complaints.all()) == [about]
        base = f"/admin/complaints/hot-topics/{topic.pk}"
        assert reviewer.post(f"{base}/step/draft/", {"draft-note": ""}).status_code == 302
        # the response carries the complainant's phone: refused, still drafting
        reviewer.post(
            f"{base}/edit/",
            {"title": topic.title, "concern": topic.concern, "response": "请致电13912345678。"},
        )
        refused = reviewer.post(f"{base}/step/publish/", {"publish-note": ""})
        assert refused.status_code == 400
        assert "phone number" in refused.content.decode()
        topic.refresh_from_db()
        assert topic.state == HotTopic.State.DRAFTING
        reviewer.post(
            f"{base}/edit/",
            {
                "title": topic.title,
                "concern": topic.concern,
                "response": "两家企业已完成治理设施改造，11月起开展夜间巡查。",
            },
        )
    with time_machine.travel(datetime(2026, 11, 9, 16, tzinfo=CST), tick=False):
        response = reviewer.post(f"{base}/step/publish/", {"publish-note": "经局长审定"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.state == HotTopic.State.PUBLISHED
    assert topic.published_on == date(2026, 11, 9)
    assert [(e["kind"], e["on"]) for e in topic.events] == [
        ("opened", "2026-11-06"),
        ("draft", "2026-11-06"),
        ("publish", "2026-11-09"),
    ]
    assert topic.events[-1]["note"] == "经局长审定"
    assert topic.events[-1]["actor"] == staff[Role.REVIEWER].pk
    steps = ModelLogEntry.objects.filter(action=watch.HOT_TOPIC_STEP, object_id=str(topic.pk))
    assert sorted(e.data["changes"]["state"][1] for e in steps) == ["drafting", "published"]
    page = reviewer.get(f"{base}/")
    assert "Response published" in page.content.decode()
    # a published response is not edited in place; no further step is offered
    assert page.context["steps"] == []
    assert reviewer.post(f"{base}/step/close/", {"close-note": "x"}).status_code == 400


def test_closing_the_watch_needs_a_note_and_an_open_response_ended(
    the_watch: Watch, staff: dict[Role, Any]
) -> None:
    reviewer = signed_in(staff[Role.REVIEWER])
    url = f"/admin/complaints/watch/{the_watch.pk}/close/"
    assert reviewer.post(url, {"note": ""}).status_code == 400
    topic = watch.open_hot_topic(
        actor=staff[Role.REVIEWER], watch=the_watch, title="园区异味", concern="群众关注"
    )
    response = reviewer.post(url, {"note": "舆情平稳"})
    assert response.status_code == 400
    assert "Publish or close the hot-topic response" in response.content.decode()
    watch.take_step(actor=staff[Role.REVIEWER], topic=topic, step="close", note="无需回应")
    assert reviewer.post(url, {"note": "舆情平稳，无需进一步回应。"}).status_code == 302
    the_watch.refresh_from_db()
    assert the_watch.closed_at is not None
    assert the_watch.close_note == "舆情平稳，无需进一步回应。"
    assert the_watch.closed_by == staff[Role.REVIEWER]
    assert ModelLogEntry.objects.filter(action=watch.WATCH_CLOSED).exists()
    assert list(watch.open_watches_of(staff[Role.REVIEWER])) == []


# ---- who may open what


def test_permissions(the_watch: Watch, staff: dict[Role, Any]) -> None:
    detail = f"/admin/complaints/watch/{the_watch.pk}/"
    index = "/admin/complaints/watch/"
    anonymous = Client().get(detail)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert signed_in(staff[Role.EDITOR]).get(index).status_code == 403
    assert signed_in(staff[Role.EDITOR]).get(detail).status_code == 403
    assert signed_in(staff[Role.CASE_HANDLER]).get(detail).status_code == 403
    assert signed_in(staff[Role.REVIEWER]).get(detail).status_code == 200
    # the head of the item's department (大气环境处) follows it too; the administrator all
    assert signed_in(staff[Role.DEPARTMENT_HEAD]).get(detail).status_code == 200
    assert signed_in(staff[Role.ADMINISTRATOR]).get(detail).status_code == 200
    # another reviewer: not theirs, not found
    other = save_staff_member(
        actor=None,
        username="reviewer-2",
        family_name="周",
        given_name="平",
        email="reviewer-2@sthjj.demo.gov.cn",
        department=Department.objects.get(code="water"),
        roles=[Role.REVIEWER],
        password=PASSWORD,
    )
    assert signed_in(other).get(detail).status_code == 404
    assert signed_in(other).get(index).status_code == 200
    response = signed_in(other).post(f"{detail}close/", {"note": "x"})
    assert response.status_code == 404
    # a handler of another department may not act on it either
    water_handler = save_staff_member(
        actor=None,
        username="water-handler-w",
        family_name="吴",
        given_name="静",
        email="water-handler-w@sthjj.demo.gov.cn",
        department=Department.objects.get(code="water"),
        roles=[Role.CASE_HANDLER],
        password=PASSWORD,
    )
    assert signed_in(water_handler).post(f"{detail}close/", {"note": "x"}).status_code == 403
    the_watch.refresh_from_db()
    assert the_watch.closed_at is None


def test_the_dashboard_counts_watches_and_new_messages_and_its_link_opens(
    item: Any, the_watch: Watch, staff: dict[Role, Any]
) -> None:
    reviewer = staff[Role.REVIEWER]
    with time_machine.travel(LATER, tick=False):
        signed_in(reviewer).get(f"/admin/complaints/watch/{the_watch.pk}/")  # seen now
    with time_machine.travel(datetime(2026, 11, 6, 9, tzinfo=CST), tick=False):
        complaint(
            description=f"对《{ITEM_TITLE}》有疑问。",
            received_on=date(2026, 11, 6),
        )
        with translation.override("en"):  # the request above left its language active
            items = [
                i
                for section in attention.sections_for(reviewer)
                for i in section.items
                if i.url == "/admin/complaints/watch/"
            ]
    assert len(items) == 1
    assert items[0].label == "1 sensitive item under watch; 1 with new messages"
    assert items[0].urgent
    assert signed_in(reviewer).get(items[0].url).status_code == 200
    # nobody else is told about the reviewer's watch
    for role in (Role.EDITOR, Role.CASE_HANDLER, Role.ADMINISTRATOR):
        urls = [i.url for i in attention.items_for(staff[role])]
        assert "/admin/complaints/watch/" not in urls
    # once seen, nothing is new
    signed_in(reviewer).get(f"/admin/complaints/watch/{the_watch.pk}/")
    with translation.override("en"):
        labels = [i.label for i in attention.items_for(reviewer)]
    assert "1 sensitive item under watch" in labels


def test_the_scheduled_job_opens_a_watch_the_signal_missed(item: Any) -> None:
    from lantian.complaints import tasks

    Watch.objects.filter(item_id=item.pk).delete()  # as if the publication sent no signal
    assert tasks.open_missing_watches.enqueue().return_value == 1
    assert Watch.objects.filter(item_id=item.pk).count() == 1
    assert tasks.open_missing_watches.enqueue().return_value == 0
