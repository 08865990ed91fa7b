"""The complaints back office: who sees which cases (list, page, downloads), the case page
with both clocks, personal data and timeline, every action posted through the page with
its CSRF token (and the services' refusals shown on the form), staff registration."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from lantian.complaints import services
from lantian.complaints.admin import views
from lantian.complaints.models import Complaint, ComplaintEvent, Letter, Photo, RoutingRule
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_department
from tests.complaints.conftest import member

pytestmark = pytest.mark.django_db

C = Complaint
NAME, PHONE = "李小梅", "13912345678"


def index() -> str:
    return reverse("complaints_admin:index")


def case_url(complaint: Complaint) -> str:
    return reverse("complaints_admin:case", args=[complaint.pk])


def act_url(complaint: Complaint, name: str) -> str:
    return reverse("complaints_admin:act", args=[complaint.pk, name])


def login(user: Any, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


class CaseClient:
    """A signed-in client that enforces CSRF and posts each action with the token the
    case page put in its form, as a browser does."""

    def __init__(self, user: Any) -> None:
        self.client = login(user, csrf=True)

    def token(self, complaint: Complaint) -> str:
        page = self.client.get(case_url(complaint))
        assert page.status_code == 200
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert found, "the case page has no form with a CSRF token"
        return found.group(1)

    def act(self, complaint: Complaint, name: str, data: dict[str, Any] | None = None) -> Any:
        fields = {f"{name}-{key}": value for key, value in (data or {}).items()}
        fields["csrfmiddlewaretoken"] = self.token(complaint)
        return self.client.post(act_url(complaint, name), fields)


@pytest.fixture(autouse=True)
def routed(staff: dict[Role, Any]) -> None:
    """Every case goes to 大气环境处 unless a more specific rule says otherwise."""
    services.save_routing_rule(
        actor=None, category=None, district=None, department=Department.objects.get(code="air")
    )


@pytest.fixture
def branch(demo: Any) -> Department:
    """A district branch (东城分局) that the routing rules send 东城区's air cases to."""
    return save_department(
        actor=None, code="dongcheng", name="东城分局", name_en="Dongcheng Branch", sort_order=20
    )


@pytest.fixture
def branch_handler(branch: Department) -> Any:
    return member("dongcheng-handler", "dongcheng", Role.CASE_HANDLER, "吴", "刚")


@pytest.fixture
def branch_head(branch: Department) -> Any:
    return member("dongcheng-head", "dongcheng", Role.DEPARTMENT_HEAD, "郑", "伟")


@pytest.fixture
def district() -> Any:
    model = C._meta.get_field("district").related_model
    return model.objects.get_or_create(name="东城区")[0]


@pytest.fixture
def branch_case(
    register: Callable[..., Complaint], branch: Department, district: Any, categories: Any
) -> Complaint:
    RoutingRule.objects.create(category=categories["air"], district=district, department=branch)
    complaint = register(district=district)
    assert complaint.department == branch
    return complaint


# ---------------------------------------------------------------------- who sees what


def test_anonymous_visitors_are_sent_to_the_login(branch_case: Complaint) -> None:
    for target in (index(), case_url(branch_case), reverse("complaints_admin:register")):
        response = Client().get(target)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


def test_editor_and_data_manager_are_refused(client_as: Any, branch_case: Complaint) -> None:
    # the editor belongs to the office, whose cases the selectors show to the office;
    # but editing is not case work: the back office's door stays shut (403)
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        client = client_as(role)
        assert client.get(index()).status_code == 403
        assert client.get(case_url(branch_case)).status_code == 403
        assert (
            client.post(act_url(branch_case, "accept"), {"accept-on": "2026-10-01"}).status_code
            == 403
        )
        assert client.get(reverse("complaints_admin:register")).status_code == 403
    branch_case.refresh_from_db()
    assert branch_case.state == C.State.RECEIVED


def test_a_branch_case_is_seen_by_its_branch_and_the_office_wide_roles_only(
    client_as: Any, branch_case: Complaint, branch_handler: Any, branch_head: Any, air_handler: Any
) -> None:
    for user in (branch_handler, branch_head):
        client = login(user)
        assert branch_case.case_no in client.get(index()).content.decode()
        page = client.get(case_url(branch_case))
        assert page.status_code == 200
        assert NAME in page.content.decode() and PHONE in page.content.decode()
    admin = client_as(Role.ADMINISTRATOR)
    assert admin.get(case_url(branch_case)).status_code == 200
    # the city's air division and the legal division's handler: not found
    for user in (air_handler, client_as(Role.DEPARTMENT_HEAD), client_as(Role.CASE_HANDLER)):
        client = user if isinstance(user, Client) else login(user)
        listing = client.get(index())
        assert listing.status_code == 200
        assert branch_case.case_no not in listing.content.decode()
        searched = client.get(index(), {"q": branch_case.case_no}).content.decode()
        assert case_url(branch_case) not in searched
        assert client.get(case_url(branch_case)).status_code == 404
        refused = client.post(act_url(branch_case, "accept"), {"accept-on": "2026-10-01"})
        assert refused.status_code == 404
    branch_case.refresh_from_db()
    assert branch_case.state == C.State.RECEIVED
    opened = ModelLogEntry.objects.filter(action=views.CASE_VIEWED, object_id=str(branch_case.pk))
    assert opened.count() == 3  # the handler, the head and the administrator


def test_downloads_are_refused_outside_the_case_scope(
    client_as: Any, branch_case: Complaint, branch_handler: Any, air_handler: Any, staff: Any
) -> None:
    services.accept(actor=staff[Role.ADMINISTRATOR], complaint=branch_case, on=date(2026, 10, 8))
    photo = services.add_photo(
        actor=staff[Role.ADMINISTRATOR], complaint=branch_case, filename="site.jpg", content=jpeg()
    )
    letter = Letter.objects.create(
        complaint=branch_case, kind="acceptance", issued_on=date(2026, 10, 8)
    )
    letter.pdf.save("acceptance.pdf", ContentFile(b"%PDF-1.4 acceptance"), save=True)
    photo_url = reverse("complaints_admin:photo", args=[branch_case.pk, photo.pk])
    letter_url = reverse("complaints_admin:letter", args=[branch_case.pk, letter.pk, "pdf"])
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        assert client_as(role).get(photo_url).status_code == 403
        assert client_as(role).get(letter_url).status_code == 403
    other = login(air_handler)
    assert other.get(photo_url).status_code == 404
    assert other.get(letter_url).status_code == 404
    assert Client().get(photo_url).status_code == 302
    own = login(branch_handler)
    response = own.get(photo_url)
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:2]
        == b"\xff\xd8"
    )
    assert own.get(letter_url).status_code == 200
    # a photo of another case under this case's URL is not found
    other_case = services.register_complaint(
        actor=staff[Role.ADMINISTRATOR],
        channel="hotline_12369",
        category=branch_case.category,
        title="另一件",
        description="另一件举报。",
        anonymous=True,
    )[0]
    stray = reverse("complaints_admin:photo", args=[other_case.pk, photo.pk])
    assert client_as(Role.ADMINISTRATOR).get(stray).status_code == 404


# ---------------------------------------------------------------------- list and page


def test_list_masks_the_name_and_shows_the_intake_due_date(
    client_as: Any, register: Callable[..., Complaint]
) -> None:
    complaint = register()  # received 2026-09-30: intake decision within 15 days
    html = client_as(Role.ADMINISTRATOR).get(index()).content.decode()
    assert complaint.case_no in html
    assert NAME not in html and PHONE not in html
    assert "李*" in html or "李**" in html or "李" in html
    assert "2026-10-15" in html


def test_filters(client_as: Any, register: Callable[..., Complaint], district: Any) -> None:
    hotline = register()
    online = register(channel="online", category="water", title="河道发黑发臭", district=district)
    client = client_as(Role.ADMINISTRATOR)

    def found(**query: Any) -> str:
        response = client.get(index(), query)
        assert response.status_code == 200
        return response.content.decode()

    by_channel = found(channel="online")
    assert online.case_no in by_channel and hotline.case_no not in by_channel
    by_category = found(category=hotline.category_id)
    assert hotline.case_no in by_category and online.case_no not in by_category
    by_district = found(district=district.pk)
    assert online.case_no in by_district and hotline.case_no not in by_district
    assert hotline.case_no not in found(state="accepted")
    by_department = found(department=hotline.department_id)
    assert hotline.case_no in by_department


def test_due_soon_and_overdue_queues(
    client_as: Any, register: Callable[..., Complaint], time_machine: Any
) -> None:
    from tests.complaints.conftest import SHANGHAI

    # on 2026-10-12: received 09-30 → intake due 10-15 (3 days: due soon);
    # received 09-20 → due 10-05 (overdue); received 10-10 → due 10-25 (neither)
    soon = register(received_on=date(2026, 9, 30))
    late = register(received_on=date(2026, 9, 20))
    later = register(received_on=date(2026, 10, 10))
    from datetime import datetime

    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=SHANGHAI), tick=False)
    client = client_as(Role.ADMINISTRATOR)
    overdue = client.get(index(), {"queue": "overdue"}).content.decode()
    assert late.case_no in overdue and soon.case_no not in overdue and later.case_no not in overdue
    due_soon = client.get(index(), {"queue": "due_soon"}).content.decode()
    assert soon.case_no in due_soon and late.case_no not in due_soon
    assert later.case_no not in due_soon
    per_department = client.get(
        index(), {"queue": "overdue", "department": late.department_id}
    ).content.decode()
    assert late.case_no in per_department


def test_case_page_shows_both_clocks_and_the_timeline(client_as: Any, accepted: Complaint) -> None:
    html = client_as(Role.ADMINISTRATOR).get(case_url(accepted)).content.decode()
    assert "2026-10-15" in html  # intake due: 15 days from 2026-09-30
    assert "2026-12-09" in html  # handling due: 60 days from acceptance on 2026-10-10
    assert str(services.STEP_LABELS[services.Step.REGISTERED]) in html
    assert str(services.STEP_LABELS[services.Step.ACCEPTED]) in html
    assert str(views.CLOCK_LABELS["start"]) in html
    assert NAME in html and PHONE in html and "xiaomei@example.cn" in html
    assert 'name="reply-text"' in html
    assert 'name="accept-on"' not in html  # accepted already


# ---------------------------------------------------------------------- actions


def test_accept_refuse_and_the_refusal_needs_where_it_was_sent(
    register: Callable[..., Complaint], staff: dict[Role, Any]
) -> None:
    admin = CaseClient(staff[Role.ADMINISTRATOR])
    first, second = register(), register()
    ok = admin.act(first, "accept", {"on": "2026-10-08"})
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.state == C.State.ACCEPTED and first.accepted_on == date(2026, 10, 8)
    # accepting again: the service refuses with a clear message on the page
    again = admin.act(first, "accept", {"on": "2026-10-09"})
    assert again.status_code == 400
    assert "Accepted" in again.content.decode() or "已受理" in again.content.decode()
    missing = admin.act(second, "refuse", {"on": "2026-10-08", "reason": "不属于生态环境部门职责"})
    assert missing.status_code == 400
    second.refresh_from_db()
    assert second.state == C.State.RECEIVED
    refused = admin.act(
        second,
        "refuse",
        {
            "on": "2026-10-08",
            "reason": "噪声扰民属公安机关职责",
            "referred_to": "示范市公安局东城分局",
        },
    )
    assert refused.status_code == 302
    second.refresh_from_db()
    assert second.state == C.State.REFUSED and second.referred_to == "示范市公安局东城分局"
    before = admin.act(register(), "accept", {"on": "2026-09-01"})  # before receipt
    assert before.status_code == 400
    assert "2026-09-30" in before.content.decode()


def test_transfer_and_assign_a_handler(
    accepted: Complaint, staff: dict[Role, Any], water_handler: Any, air_handler: Any
) -> None:
    admin = CaseClient(staff[Role.ADMINISTRATOR])
    water = Department.objects.get(code="water")
    no_reason = admin.act(accepted, "transfer", {"department": water.pk, "note": ""})
    assert no_reason.status_code == 400
    moved = admin.act(accepted, "transfer", {"department": water.pk, "note": "涉及入河排污口"})
    assert moved.status_code == 302
    accepted.refresh_from_db()
    assert accepted.department == water
    # a handler of another department is not offered and is refused
    wrong = admin.act(accepted, "assign_handler", {"handler": air_handler.pk})
    assert wrong.status_code == 400
    ok = admin.act(accepted, "assign_handler", {"handler": water_handler.pk})
    assert ok.status_code == 302
    accepted.refresh_from_db()
    assert accepted.handler == water_handler


def test_merge_into_a_master_by_case_number(
    register: Callable[..., Complaint], staff: dict[Role, Any]
) -> None:
    admin = CaseClient(staff[Role.ADMINISTRATOR])
    master, repeat = register(), register()
    unknown = admin.act(repeat, "merge_duplicate", {"on": "2026-10-01", "master": "TS202699999"})
    assert unknown.status_code == 400
    assert "TS202699999" in unknown.content.decode()
    merged = admin.act(
        repeat, "merge_duplicate", {"on": "2026-10-01", "master": master.case_no.lower()}
    )
    assert merged.status_code == 302
    repeat.refresh_from_db()
    assert repeat.state == C.State.DUPLICATE and repeat.master == master
    page = login(staff[Role.ADMINISTRATOR]).get(case_url(master)).content.decode()
    assert repeat.case_no in page  # listed among the cases merged into it


def test_extension_only_by_a_head_and_within_the_cap(
    accepted: Complaint, staff: dict[Role, Any], air_handler: Any, air_head: Any
) -> None:
    # the accepted case is with 大气环境处 (routing of the air category)
    assert accepted.department.code == "air"
    handler = CaseClient(air_handler)
    page = handler.client.get(case_url(accepted)).content.decode()
    assert 'name="extend-days"' not in page  # not offered to a handler
    data = {"on": "2026-11-20", "days": "30", "reason": "需委托监测站开展夜间监测"}
    refused = handler.act(accepted, "extend", data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "department head" in text or "处室负责人" in text or "负责人" in text
    head = CaseClient(air_head)
    too_long = head.act(accepted, "extend", {**data, "days": "31"})
    assert too_long.status_code == 400
    ok = head.act(accepted, "extend", data)
    assert ok.status_code == 302
    event = ComplaintEvent.objects.get(complaint=accepted, kind=services.Step.EXTENDED)
    assert event.data["days"] == 30
    assert event.data["handling_due"] == "2027-01-08"  # 2026-12-09 + 30 days
    html = head.client.get(case_url(accepted)).content.decode()
    assert "2027-01-08" in html
    twice = head.act(accepted, "extend", {**data, "days": "5"})
    assert twice.status_code == 400


def test_inspection_with_photos_findings_reply_with_letter_and_the_rest(
    accepted: Complaint, staff: dict[Role, Any]
) -> None:
    from tests.disclosure.search_fixtures import item

    admin_user = staff[Role.ADMINISTRATOR]
    admin = CaseClient(admin_user)
    token = admin.token(accepted)
    visit = admin.client.post(
        act_url(accepted, "record_inspection"),
        {
            "csrfmiddlewaretoken": token,
            "record_inspection-on": "2026-10-15",
            "record_inspection-inspectors": "执法支队 王强、刘洋",
            "record_inspection-findings": "现场闻到明显异味，废气收集装置未开启。",
            "record_inspection-photos": [
                ContentFile(jpeg(), name="one.jpg"),
                ContentFile(jpeg(), name="two.jpg"),
            ],
        },
    )
    assert visit.status_code == 302, visit.content.decode()[:3000]
    inspection = accepted.inspections.get()
    assert inspection.photos.count() == 2
    not_a_photo = admin.client.post(
        act_url(accepted, "add_photos"),
        {
            "csrfmiddlewaretoken": admin.token(accepted),
            "add_photos-photos": [ContentFile(b"%PDF-1.4 not a photo", name="x.jpg")],
        },
    )
    assert not_a_photo.status_code == 400
    assert Photo.objects.filter(complaint=accepted).count() == 2
    page = admin.client.get(case_url(accepted)).content.decode()
    for photo in Photo.objects.filter(complaint=accepted):
        assert reverse("complaints_admin:photo", args=[accepted.pk, photo.pk]) in page

    penalty = item("示环罚〔2026〕18号 行政处罚决定书")
    unknown = admin.act(
        accepted,
        "record_findings",
        {
            "findings": "属实",
            "substantiated": "yes",
            "measures": "责令整改",
            "penalty_item": "NOPE-1",
        },
    )
    assert unknown.status_code == 400 and "NOPE-1" in unknown.content.decode()
    findings = admin.act(
        accepted,
        "record_findings",
        {
            "findings": "废气收集装置未开启，VOCs无组织排放。",
            "substantiated": "yes",
            "measures": "责令立即整改并立案调查。",
            "penalty_item": penalty.index_no,
        },
    )
    assert findings.status_code == 302
    accepted.refresh_from_db()
    assert accepted.penalty_item == penalty
    by_id = admin.act(
        accepted,
        "record_findings",
        {
            "findings": "同上",
            "substantiated": "yes",
            "measures": "同上",
            "penalty_item": str(penalty.pk),
        },
    )
    assert by_id.status_code == 302

    empty = admin.act(accepted, "reply", {"on": "2026-10-20", "text": " "})
    assert empty.status_code == 400
    replied = admin.act(
        accepted,
        "reply",
        {
            "on": "2026-10-20",
            "text": "经查，反映情况属实，已责令整改并立案处罚。",
            "issue_letter": "on",
        },
    )
    assert replied.status_code == 302, replied.content.decode()[:3000]
    accepted.refresh_from_db()
    assert accepted.state == C.State.REPLIED and accepted.replied_on == date(2026, 10, 20)
    letter = Letter.objects.get(complaint=accepted, kind="reply")
    assert letter.pdf and letter.docx
    page = admin.client.get(case_url(accepted)).content.decode()
    assert reverse("complaints_admin:letter", args=[accepted.pk, letter.pk, "pdf"]) in page
    assert "letter_issued" not in page  # the letter is on the timeline with its documents

    assert (
        admin.act(
            accepted, "record_satisfaction", {"satisfaction": "satisfied", "on": "2026-10-22"}
        ).status_code
        == 302
    )
    no_consent = admin.act(
        accepted, "publish_reply", {"summary": "问", "reply": "答", "on": "2026-10-22"}
    )
    assert no_consent.status_code == 400  # not offered: the complainant did not agree
    Complaint.objects.filter(pk=accepted.pk).update(agrees_to_publication=True)
    leak = admin.act(
        accepted,
        "publish_reply",
        {"summary": f"{PHONE} 反映异味", "reply": "已整改", "on": "2026-10-22"},
    )
    assert leak.status_code == 302 or leak.status_code == 400
    published = admin.act(
        accepted,
        "publish_reply",
        {
            "summary": "群众反映园区化工厂夜间排放刺鼻气体。",
            "reply": "已责令整改并立案处罚。",
            "on": "2026-10-22",
        },
    )
    assert published.status_code == 302
    accepted.refresh_from_db()
    assert accepted.published and NAME not in accepted.public_summary

    assert admin.act(accepted, "close", {"on": "2026-10-25"}).status_code == 302
    no_reason = admin.act(accepted, "reopen", {"on": "2026-10-26", "reason": ""})
    assert no_reason.status_code == 400
    reopened = admin.act(accepted, "reopen", {"on": "2026-10-26", "reason": "群众反映异味仍然存在"})
    assert reopened.status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == C.State.ACCEPTED and accepted.reopened == 1


def test_mark_invalid(register: Callable[..., Complaint], staff: dict[Role, Any]) -> None:
    admin = CaseClient(staff[Role.ADMINISTRATOR])
    spam = register(channel="online", title="广告", description="低价代开发票，联系QQ。")
    assert admin.act(spam, "mark_invalid", {"on": "2026-10-01", "reason": ""}).status_code == 400
    assert (
        admin.act(spam, "mark_invalid", {"on": "2026-10-01", "reason": "广告信息"}).status_code
        == 302
    )
    spam.refresh_from_db()
    assert spam.state == C.State.SPAM


def test_actions_need_the_csrf_token(accepted: Complaint, staff: dict[Role, Any]) -> None:
    client = login(staff[Role.ADMINISTRATOR], csrf=True)
    response = client.post(act_url(accepted, "close"), {"close-on": "2026-10-25"})
    assert response.status_code == 403
    unknown = login(staff[Role.ADMINISTRATOR]).post(act_url(accepted, "nothing"))
    assert unknown.status_code == 404


# ---------------------------------------------------------------------- registration


def test_staff_register_a_hotline_call(
    client_as: Any, staff: dict[Role, Any], categories: Any
) -> None:
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("complaints_admin:register"),
        {
            "channel": "hotline_12369",
            "submitted_on": "2026-10-12",
            "submitted_time": "21:30",
            "category": categories["noise"].pk if "noise" in categories else categories["air"].pk,
            "title": "工地夜间施工噪声",
            "description": "北山路工地每天夜里十一点后仍在打桩。",
            "name": "郑国华",
            "phone": "13905995678",
            "id_number": "350102198507153212",
        },
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    complaint = Complaint.objects.get(name="郑国华")
    assert complaint.channel == "hotline_12369"
    assert complaint.received_on == date(2026, 10, 12)
    assert complaint.registered_by == staff[Role.ADMINISTRATOR]
    assert complaint.case_no in response.content.decode()
    assert complaint.id_number == "350102198507153212"
    listing = client_as(Role.ADMINISTRATOR).get(index()).content.decode()
    assert complaint.case_no in listing
    assert "350102198507153212" not in listing and "郑国华" not in listing


def test_registration_errors_are_named(client_as: Any, categories: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(
        reverse("complaints_admin:register"),
        {
            "channel": "petition_letter",
            "submitted_on": "2026-10-12",
            "submitted_time": "09:00",
            "category": categories["air"].pk,
            "title": "来信",
            "description": "反映异味。",
        },
    )
    assert response.status_code == 400
    assert not Complaint.objects.filter(title="来信").exists()
    online = client.post(reverse("complaints_admin:register"), {"channel": "online"})
    assert online.status_code == 400  # the public's own channel is not entered by staff


def test_handlers_register_too(client_as: Any) -> None:
    assert client_as(Role.CASE_HANDLER).get(reverse("complaints_admin:register")).status_code == 200
