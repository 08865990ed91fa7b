"""Staff screens of typical cases and hot-topic responses: drafting and publishing a
typical case (its source case's personal data refused, the field named), hot topics
opened on their own and closed with a note, and who may open which screen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.complaints import watch
from lantian.complaints.models import Complaint, HotTopic, TypicalCase
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from tests.conftest import PASSWORD

from .conftest import signed_in
from .watch_fixtures import CST, category, complaint

pytestmark = pytest.mark.django_db

TYPICAL = "/admin/complaints/typical-cases/"
TOPICS = "/admin/complaints/hot-topics/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def member(username: str, department: str, role: Role) -> Any:
    return save_staff_member(
        actor=None,
        username=username,
        family_name="周",
        given_name="明",
        email=f"{username}@sthjj.demo.gov.cn",
        department=Department.objects.get(code=department),
        roles=[role],
        password=PASSWORD,
    )


@pytest.fixture
def air_handler(demo: Any) -> Any:
    return member("air-handler-t", "air", Role.CASE_HANDLER)


@pytest.fixture
def water_handler(demo: Any) -> Any:
    return member("water-handler-t", "water", Role.CASE_HANDLER)


@pytest.fixture
def handled(demo: Any) -> Complaint:
    """An air case, answered."""
    return complaint(
        title="化工厂夜间排放刺鼻气体",
        description="每天夜里十点以后，园区东侧化工厂排放刺鼻气体。",
        received_on=date(2026, 9, 30),
        state=Complaint.State.REPLIED,
    )


def form(handled: Complaint, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "夜间偷排废气被查处",
        "title_en": "",
        "category": category().pk,
        "complaint": handled.pk,
        "summary": "群众举报园区东侧化工厂夜间排放刺鼻气体。",
        "handling": "执法支队夜间突击检查，发现治理设施未运行，依法立案查处。",
        "outcome": "企业被处罚款并完成整改。",
    }
    data.update(overrides)
    return data


# ---- typical cases


@pytest.mark.parametrize(
    ("field", "text", "what"),
    [
        ("summary", "李小梅举报园区东侧化工厂夜间排放。", "the complainant's name"),
        ("handling", "回访举报人（139-1234-5678），已告知结果。", "the complainant's phone number"),
        ("outcome", "结果已寄往示范市东城区人民路100号3栋2单元。", "contact address"),
        ("summary", "另一举报人身份证号110101199003071234。", "an ID number"),
    ],
)
def test_a_typical_case_with_personal_data_is_refused_naming_the_field(
    air_handler: Any, handled: Complaint, field: str, text: str, what: str
) -> None:
    response = signed_in(air_handler).post(f"{TYPICAL}new/", form(handled, **{field: text}))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert what in " ".join(errors[field])
    assert not TypicalCase.objects.exists()


def test_a_handler_drafts_and_a_reviewer_publishes(
    air_handler: Any, handled: Complaint, staff: dict[Role, Any]
) -> None:
    response = signed_in(air_handler).post(f"{TYPICAL}new/", form(handled))
    case = TypicalCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{TYPICAL}{case.pk}/"
    assert (case.live, case.published_on, case.complaint) == (False, None, handled)
    saved = ModelLogEntry.objects.get(action=watch.TYPICAL_CASE_SAVED, object_id=str(case.pk))
    assert saved.user_id == air_handler.pk

    # a handler drafts, and may not publish
    assert signed_in(air_handler).post(f"{TYPICAL}{case.pk}/publish/").status_code == 403
    case.refresh_from_db()
    assert not case.live

    with time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=CST), tick=False):
        response = signed_in(staff[Role.REVIEWER]).post(f"{TYPICAL}{case.pk}/publish/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.live, case.published_on) == (True, date(2026, 11, 10))
    entry = ModelLogEntry.objects.get(action=watch.TYPICAL_CASE_PUBLISHED)
    assert entry.data["changes"]["published_on"] == [None, "2026-11-10"]

    # an edit that slips the name in is refused on a published case too
    response = signed_in(air_handler).post(
        f"{TYPICAL}{case.pk}/", form(handled, outcome="已向李小梅反馈。")
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.outcome == "企业被处罚款并完成整改。"

    # taken off the site only with a reason
    reviewer = signed_in(staff[Role.REVIEWER])
    assert reviewer.post(f"{TYPICAL}{case.pk}/unpublish/", {"reason": ""}).status_code == 400
    assert (
        reviewer.post(f"{TYPICAL}{case.pk}/unpublish/", {"reason": "案情有误"}).status_code == 302
    )
    case.refresh_from_db()
    assert not case.live


def test_a_handler_of_another_department_neither_sees_nor_links_the_case(
    air_handler: Any, water_handler: Any, handled: Complaint
) -> None:
    case = watch.save_typical_case(
        actor=air_handler,
        title="夜间偷排废气被查处",
        summary="群众举报化工厂夜间排放。",
        handling="依法立案查处。",
        complaint=handled,
    )
    water = signed_in(water_handler)
    assert water.get(f"{TYPICAL}{case.pk}/").status_code == 404
    assert water.post(f"{TYPICAL}{case.pk}/", form(handled)).status_code == 404
    listing = water.get(TYPICAL)
    assert listing.status_code == 200
    assert case.title not in listing.content.decode()
    response = water.post(f"{TYPICAL}new/", form(handled))
    assert response.status_code == 400
    assert "complaint" in response.context["form"].errors
    # an open (unanswered) case of one's own department is no source either
    own_open = complaint(department="water", state=Complaint.State.ACCEPTED)
    response = water.post(f"{TYPICAL}new/", form(own_open))
    assert response.status_code == 400
    assert "complaint" in response.context["form"].errors


def test_typical_case_screens_are_closed_to_editors_and_anonymous(
    staff: dict[Role, Any], handled: Complaint
) -> None:
    assert signed_in(staff[Role.EDITOR]).get(TYPICAL).status_code == 403
    assert signed_in(staff[Role.EDITOR]).post(f"{TYPICAL}new/", form(handled)).status_code == 403
    assert signed_in(staff[Role.DATA_MANAGER]).get(TYPICAL).status_code == 403
    response = Client().get(TYPICAL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not TypicalCase.objects.exists()


# ---- hot topics on their own


def test_a_hot_topic_opened_by_hand_is_closed_with_a_note(staff: dict[Role, Any]) -> None:
    reviewer = signed_in(staff[Role.REVIEWER])
    with time_machine.travel(datetime(2026, 11, 12, 9, tzinfo=CST), tick=False):
        response = reviewer.post(
            f"{TOPICS}new/",
            {
                "title": "关于垃圾焚烧厂选址的关切",
                "title_en": "",
                "concern": "居民担心二噁英排放。",
            },
        )
        topic = HotTopic.objects.get()
        assert response["Location"] == f"{TOPICS}{topic.pk}/"
        assert (topic.state, topic.owner, topic.opened_on) == (
            HotTopic.State.WATCHING,
            staff[Role.REVIEWER],
            date(2026, 11, 12),
        )
        refused = reviewer.post(f"{TOPICS}{topic.pk}/step/close/", {"close-note": ""})
        assert refused.status_code == 400
        # publishing needs drafting first
        assert reviewer.post(f"{TOPICS}{topic.pk}/step/publish/", {}).status_code == 400
        done = reviewer.post(
            f"{TOPICS}{topic.pk}/step/close/", {"close-note": "项目已停止，无需回应。"}
        )
    assert done.status_code == 302
    topic.refresh_from_db()
    assert topic.state == HotTopic.State.CLOSED
    assert topic.published_on is None
    assert [(e["kind"], e.get("from")) for e in topic.events] == [
        ("opened", None),
        ("close", "watching"),
    ]
    assert topic.events[1]["note"] == "项目已停止，无需回应。"
    page = reviewer.get(f"{TOPICS}{topic.pk}/").content.decode()
    assert "项目已停止，无需回应。" in page
    # a closed topic is not edited
    response = reviewer.post(
        f"{TOPICS}{topic.pk}/edit/", {"title": "x", "concern": "y", "response": "z"}
    )
    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.title == "关于垃圾焚烧厂选址的关切"


def test_hot_topic_screens_are_closed_to_editors_handlers_and_anonymous(
    staff: dict[Role, Any],
) -> None:
    topic = watch.open_hot_topic(
        actor=staff[Role.REVIEWER], title="噪声扰民", concern="夜间施工噪声。"
    )
    for role in (Role.EDITOR, Role.CASE_HANDLER, Role.DATA_MANAGER):
        client = signed_in(staff[role])
        assert client.get(TOPICS).status_code == 403
        assert client.get(f"{TOPICS}{topic.pk}/").status_code == 403
        assert client.post(f"{TOPICS}{topic.pk}/step/draft/", {}).status_code == 403
    assert Client().get(TOPICS).status_code == 302
    topic.refresh_from_db()
    assert topic.state == HotTopic.State.WATCHING
    # another reviewer does not see a topic someone else owns
    other = member("reviewer-t", "water", Role.REVIEWER)
    assert signed_in(other).get(f"{TOPICS}{topic.pk}/").status_code == 404
    assert signed_in(staff[Role.ADMINISTRATOR]).get(f"{TOPICS}{topic.pk}/").status_code == 200


def test_the_menu_offers_each_screen_to_those_it_opens_for(
    staff: dict[Role, Any], air_handler: Any
) -> None:
    def menu(user: Any) -> str:
        return signed_in(user).get("/admin/").content.decode()

    reviewer = menu(staff[Role.REVIEWER])
    assert "/admin/complaints/watch/" in reviewer and TOPICS in reviewer and TYPICAL in reviewer
    handler = menu(air_handler)
    assert TYPICAL in handler
    assert "/admin/complaints/watch/" not in handler and TOPICS not in handler
    editor = menu(staff[Role.EDITOR])
    assert TYPICAL not in editor and TOPICS not in editor
