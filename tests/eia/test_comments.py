"""The public's comments on EIA notices: taken only while a notice that invites comments
is open (acceptance, proposed approval, completion; never the decision notice), refused
after the end and before the start with a message naming the date; moderated (not
published only with a reason) and answered by the EIA division; counted on the project
page and in the API; the contact never public; rate-limited and CSRF-protected; the
moderation screens refused to other roles.

The record (tests/eia/conftest.py): the report book's acceptance notice runs 2026-02-10
to 02-28, its proposed-approval notice 03-23 to 03-27, its decision notice 04-20 to
04-24; the report form's acceptance notice 2025-10-21 to 11-03."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.eia import comment_services, selectors
from lantian.eia.models import Comment, Notice, Project
from tests.complaints.conftest import signed_in
from tests.eia.conftest import D, Record, english

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CONTACT = "13912345678"
REASON = "含有与项目无关的广告内容"


def at(day: str, hour: int = 10) -> Any:
    """The clock at ``hour`` (Shanghai) on ``day``, standing still."""
    return time_machine.travel(
        datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture(autouse=True)
def _fresh(_english: None) -> None:
    cache.clear()  # the rate limits' windows of earlier tests


@pytest.fixture
def _english() -> Any:
    """The services' messages in English (the pages choose their own language)."""
    with translation.override("en"):
        yield


def notice(project: Project, kind: str) -> Notice:
    return project.notices.get(kind=kind)


def submit(record: Record, text: str = "建议加强脱硫脱硝设施运行监管。", **values: Any) -> Comment:
    fields = {"name": "", "contact": "", "today": D("2026-03-25"), **values}
    return comment_services.submit_comment(
        notice=notice(record.book, "pre_approval"), text=text, **fields
    )


# ---------------------------------------------------------------- services


def test_an_open_notice_takes_a_pending_comment(record: Record) -> None:
    comment = submit(record, "  建议公开在线监测数据。\r\n  ", name=" 王 小明 ", contact=CONTACT)
    assert comment.state == Comment.State.PENDING
    assert comment.text == "建议公开在线监测数据。" and comment.name == "王 小明"
    entry = ModelLogEntry.objects.get(action=comment_services.COMMENT_SUBMITTED)
    assert entry.object_id == str(comment.pk)
    assert CONTACT not in str(entry.data) and "王" not in str(entry.data)
    # the first and last days count
    for day in ("2026-03-23", "2026-03-27"):
        assert submit(record, today=D(day)).pk


def test_the_period_is_the_local_date(record: Record) -> None:
    # 2026-03-27 23:30 in Shanghai is 15:30 UTC: still the last day
    late = datetime(2026, 3, 27, 23, 30, tzinfo=SHANGHAI)
    assert submit(record, today=None, submitted_at=late).submitted_at == late
    with pytest.raises(ValidationError):
        submit(record, today=None, submitted_at=datetime(2026, 3, 28, 0, 5, tzinfo=SHANGHAI))
    with at("2026-03-27", hour=23):
        assert submit(record, today=None).pk


def test_a_comment_after_the_end_is_refused_with_the_end_date(record: Record) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(record, today=D("2026-03-28"))
    assert refused.value.message_dict["notice"] == [
        "The comment period of this notice ended on 2026-03-27; comments are no longer accepted."
    ]
    assert not Comment.objects.exists()


def test_a_comment_before_the_start_is_refused_with_the_start_date(record: Record) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(record, today=D("2026-03-20"))
    assert "starts on 2026-03-23" in refused.value.message_dict["notice"][0]


def test_a_decision_notice_takes_no_comments(record: Record) -> None:
    with pytest.raises(ValidationError) as refused:
        comment_services.submit_comment(
            notice=notice(record.book, "decision"),
            name="",
            contact="",
            text="意见",
            today=D("2026-04-21"),
        )
    assert "A decision notice does not invite comments" in refused.value.messages[0]
    assert not selectors.open_for_comments(notice(record.book, "decision"), D("2026-04-21"))


def test_an_empty_or_overlong_comment_is_refused(record: Record) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(record, " \n ")
    assert refused.value.message_dict == {"text": ["Write your comment."]}
    with pytest.raises(ValidationError) as refused:
        submit(record, "长" * 2001)
    assert "text" in refused.value.message_dict
    assert submit(record, "长" * 2000).pk


def test_not_publishing_needs_a_reason_and_a_decision_can_change(
    record: Record, division: dict[str, Any]
) -> None:
    handler = division["handler"]
    comment = submit(record)
    with pytest.raises(ValidationError) as refused:
        comment_services.moderate_comment(actor=handler, comment=comment, publish=False)
    assert refused.value.message_dict == {"reason": ["Say why the comment is not published."]}
    comment = comment_services.moderate_comment(
        actor=handler, comment=comment, publish=False, reason=f"  {REASON} "
    )
    assert (comment.state, comment.reason, comment.moderated_by) == (
        Comment.State.NOT_PUBLISHED,
        REASON,
        handler,
    )
    comment = comment_services.moderate_comment(actor=handler, comment=comment, publish=True)
    assert (comment.state, comment.reason) == (Comment.State.PUBLISHED, "")
    entries = ModelLogEntry.objects.filter(action=comment_services.COMMENT_MODERATED).order_by("pk")
    assert [e.data["changes"]["state"] for e in entries] == [
        ["pending", "not_published"],
        ["not_published", "published"],
    ]
    assert entries[0].user_id == handler.pk
    # the same decision again changes nothing and is not logged again
    comment_services.moderate_comment(actor=handler, comment=comment, publish=True)
    assert entries.count() == 2


def test_a_demo_can_moderate_and_reply_without_an_actor_and_backdate(record: Record) -> None:
    when = datetime(2026, 3, 26, 9, tzinfo=SHANGHAI)
    comment = submit(record, submitted_at=datetime(2026, 3, 25, 8, tzinfo=SHANGHAI), today=None)
    comment = comment_services.moderate_comment(
        actor=None, comment=comment, publish=True, moderated_at=when
    )
    comment = comment_services.reply_to_comment(
        actor=None, comment=comment, reply="感谢您的意见。", replied_at=when
    )
    comment.refresh_from_db()
    assert (comment.moderated_at, comment.replied_at, comment.moderated_by) == (when, when, None)


def test_a_reply_is_kept_corrected_and_audited(record: Record, division: dict[str, Any]) -> None:
    handler = division["handler"]
    comment = submit(record)
    with pytest.raises(ValidationError) as refused:
        comment_services.reply_to_comment(actor=handler, comment=comment, reply="  ")
    assert refused.value.message_dict == {"reply": ["Write the reply."]}
    # a comment still pending (or not published) can be answered
    comment_services.reply_to_comment(actor=handler, comment=comment, reply="感谢。")
    comment = comment_services.reply_to_comment(
        actor=handler, comment=comment, reply="感谢您的意见，已要求建设单位补充论证。"
    )
    assert comment.reply == "感谢您的意见，已要求建设单位补充论证。"
    assert comment.replied_by == handler and comment.replied_at is not None
    entries = ModelLogEntry.objects.filter(action=comment_services.COMMENT_REPLIED).order_by("pk")
    assert [e.data["changes"]["reply"] for e in entries] == [
        ["", "感谢。"],
        ["感谢。", "感谢您的意见，已要求建设单位补充论证。"],
    ]


def three_comments(record: Record) -> list[Comment]:
    """Published with a reply (named), published (anonymous) and not published (replied)."""
    first = submit(record, "建议夜间施工降噪。", name="李四", contact=CONTACT)
    second = submit(record, "关注灰场扬尘。")
    third = submit(record, "加微信领红包", contact="spam@example.cn")
    comment_services.moderate_comment(actor=None, comment=first, publish=True)
    comment_services.reply_to_comment(actor=None, comment=first, reply="已要求夜间停止高噪声作业。")
    comment_services.moderate_comment(actor=None, comment=second, publish=True)
    comment_services.moderate_comment(actor=None, comment=third, publish=False, reason=REASON)
    comment_services.reply_to_comment(actor=None, comment=third, reply="不予发布。")
    return [first, second, third]


def test_a_published_comment_shows_no_personal_data(record: Record) -> None:
    comment = submit(
        record,
        "我是王晓东，电话13912345678，身份证110101199003074514，住示范市东城区柳荫街17号3单元。",
        name="王晓东",
        contact="wxd@example.org",
    )
    comment_services.moderate_comment(actor=None, comment=comment, publish=True)
    comment_services.reply_to_comment(actor=None, comment=comment, reply="感谢王晓东的意见。")
    (shown,) = selectors.published_comments(record.book)
    assert shown.name == "王**" and shown.named
    assert shown.text.startswith(
        "我是王**，电话139****5678，身份证110***********4514，住示范市东城区"
    )
    assert "17号" not in shown.text and "3单元" not in shown.text
    assert shown.reply == "感谢王**的意见。"


def test_counts_per_project_and_notice(record: Record) -> None:
    three_comments(record)
    comment_services.submit_comment(
        notice=notice(record.form, "acceptance"),
        name="",
        contact="",
        text="污水厂臭气",
        today=D("2025-10-30"),
    )
    expected = selectors.CommentCounts(received=3, published=2, replied=2)
    assert selectors.comment_counts(record.book) == expected
    by_notice = selectors.notice_comment_counts(record.book)
    assert by_notice == {notice(record.book, "pre_approval").pk: expected}
    annotated = {
        p.pk: selectors.comment_counts(p)
        for p in selectors.with_comment_counts(selectors.public_projects())
    }
    assert annotated == {record.book.pk: expected, record.form.pk: selectors.CommentCounts(1)}


def test_the_moderation_queue_puts_pending_first(record: Record) -> None:
    published, _anonymous, declined = three_comments(record)
    waiting = [submit(record, f"第{n}条意见") for n in range(2)]
    queue = list(selectors.staff_comments())
    assert queue[:2] == waiting  # the longest waiting first
    assert set(queue[2:]) == {published, _anonymous, declined}
    assert list(selectors.staff_comments(state="not_published")) == [declined]
    assert list(selectors.staff_comments(project=record.form.pk)) == []
    assert selectors.pending_comment_count() == 2


# ---------------------------------------------------------------- the public pages


def page_of(project: Project, client: Client | None = None) -> Any:
    response = (client or english()).get(reverse("eia:project", args=[project.pk]))
    assert response.status_code == 200
    return response


def post(
    project: Project, kind: str = "pre_approval", client: Client | None = None, **values: str
) -> Any:
    data = {"name": "", "contact": "", "text": "意见", **values}
    if "notice" not in data:
        data["notice"] = str(notice(project, kind).pk)
    return (client or english()).post(reverse("eia:comment", args=[project.pk]), data)


def test_the_project_page_shows_counts_published_comments_and_replies(record: Record) -> None:
    three_comments(record)
    submit(record, "尚未审核的意见", contact="pending@example.cn")
    with at("2026-04-02"):
        response = page_of(record.book)
    page = response.content.decode()
    section = page[page.index('id="comments"') :]
    assert "Public comments" in section
    counts = section[: section.index("</dl>")]
    assert [int(n) for n in re.findall(r"<dd>(\d+)</dd>", counts)] == [4, 2, 2]
    assert "建议夜间施工降噪。" in section and "李*" in section and "李四" not in section
    assert "已要求夜间停止高噪声作业。" in section
    assert "The bureau's reply" in section
    assert "关注灰场扬尘。" in section and "Anonymous" in section
    # neither what is not published, nor its reason or reply, nor any contact
    for hidden in ("加微信领红包", REASON, "不予发布。", "尚未审核的意见", CONTACT, "@example.cn"):
        assert hidden not in page, hidden
    # no notice open: why, and when the last one ended; the page may be cached
    assert (
        "Comments are accepted only while an acceptance, proposed-approval or completion "
        "notice is open; the last one ended on 2026-03-27." in page
    )
    assert 'data-testid="comment-form"' not in page
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_api_counts_comments_and_never_shows_a_contact(record: Record) -> None:
    three_comments(record)
    listed = english().get("/api/v1/eia/projects")
    assert listed.status_code == 200
    rows = {row["id"]: row for row in listed.json()["items"]}
    assert rows[record.book.pk]["comments"] == {"received": 3, "published": 2, "replied": 2}
    assert rows[record.form.pk]["comments"] == {"received": 0, "published": 0, "replied": 0}
    detail = english().get(f"/api/v1/eia/projects/{record.book.pk}")
    assert detail.json()["comments"] == {"received": 3, "published": 2, "replied": 2}
    for body in (listed.content.decode(), detail.content.decode()):
        assert CONTACT not in body and "@example.cn" not in body and "李四" not in body
    schema = english().get("/api/v1/openapi.json").json()["components"]["schemas"]
    counts = schema["CommentCountsOut"]
    assert counts["required"] == ["received", "published", "replied"]
    assert all(counts["properties"][name]["type"] == "integer" for name in counts["required"])


def test_an_open_notice_has_a_form_and_the_page_is_not_cached(record: Record) -> None:
    with at("2026-03-25"):
        response = page_of(record.book)
    page = response.content.decode()
    assert page.count('data-testid="comment-form"') == 1
    assert "Proposed approval notice, open until 2026-03-27" in page
    assert "It is never published." in page
    assert "csrfmiddlewaretoken" in page
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    with at("2026-03-10"):  # between the notices: when the next one opens
        assert "the next one opens on 2026-03-23" in page_of(record.book).content.decode()


def test_a_comment_is_taken_and_thanked_for(record: Record) -> None:
    client = english()
    with at("2026-03-25"):
        response = post(record.book, client=client, name="王五", contact=CONTACT, text=" 意见 ")
        assert response.status_code == 302
        assert response["Location"] == reverse("eia:project", args=[record.book.pk]) + "#comments"
        page = page_of(record.book, client)
    text = page.content.decode()
    assert "It will appear on this page once the bureau has moderated it." in text
    assert "no-store" in page["Cache-Control"]
    comment = Comment.objects.get()
    assert (comment.name, comment.contact, comment.text, comment.state) == (
        "王五",
        CONTACT,
        "意见",
        "pending",
    )
    assert CONTACT not in text and "王五" not in text


def test_refusals_are_shown_in_an_error_summary(record: Record) -> None:
    with at("2026-03-25"):
        empty = post(record.book, text="  ")
        trap = post(record.book, website="http://spam.example")
        decision = post(record.book, kind="decision")
        other = post(record.book, kind="acceptance")  # ended 2026-02-28
        assert post(record.book, notice="999999").status_code == 404
        assert (
            post(record.hidden, notice=str(notice(record.book, "acceptance").pk)).status_code == 404
        )
    for response in (empty, trap, decision, other):
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode()
    assert 'href="#id_notice' in empty.content.decode()
    assert "Your comment: Write your comment." in empty.content.decode()
    assert "This comment could not be accepted." in trap.content.decode()
    assert "A decision notice does not invite comments" in decision.content.decode()
    assert "ended on 2026-02-28; comments are no longer accepted." in other.content.decode()
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_address(record: Record, settings: Any) -> None:
    settings.EIA_COMMENT_RATE = "2/hour"
    client = english()
    with at("2026-03-25"):
        assert post(record.book, client=client).status_code == 302
        assert post(record.book, client=client, text="").status_code == 400  # not counted
        assert post(record.book, client=client).status_code == 302
        refused = post(record.book, client=client)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert "Too many attempts" in refused.content.decode()
        other = Client(REMOTE_ADDR="198.51.100.20")
        assert post(record.book, client=other).status_code == 302
    assert Comment.objects.count() == 3


def test_a_comment_needs_the_csrf_token(record: Record) -> None:
    client = Client(enforce_csrf_checks=True)
    with at("2026-03-25"):
        assert post(record.book, client=client).status_code == 403
        page_of(record.book, client)
        token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
        assert post(record.book, client=client, csrfmiddlewaretoken=token).status_code == 302
    assert Comment.objects.count() == 1


def test_the_comment_page_shows_the_open_forms(record: Record) -> None:
    with at("2026-03-25"):
        page = english().get(reverse("eia:comment", args=[record.book.pk]))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'data-testid="comment-form"' in page.content.decode()
    assert english().get(reverse("eia:comment", args=[record.hidden.pk])).status_code == 404


# ---------------------------------------------------------------- the back office


def admin(name: str, *args: Any) -> str:
    return reverse(f"eia_admin:{name}", args=args)


def moderation_paths(comment: Comment) -> list[str]:
    return [
        admin("comments"),
        admin("comment", comment.pk),
        admin("comment_moderate", comment.pk),
        admin("comment_reply", comment.pk),
    ]


def test_anonymous_visitors_are_sent_to_the_login(record: Record) -> None:
    for path in moderation_paths(submit(record)):
        response = Client().get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path


def test_other_roles_cannot_moderate(record: Record, staff: dict[Role, Any]) -> None:
    comment = submit(record, contact=CONTACT)
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.EDITOR, Role.REVIEWER):
        client = signed_in(staff[role])
        for path in moderation_paths(comment):
            response = client.get(path)
            assert response.status_code == 403, (role, path)
            assert CONTACT not in response.content.decode()
        refused = client.post(admin("comment_moderate", comment.pk), {"decision": "publish"})
        assert refused.status_code == 403
        # nor is the item in their menu
        assert "Public comments" not in client.get(reverse("wagtailadmin_home")).content.decode()
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_the_division_works_the_queue(record: Record, division: dict[str, Any]) -> None:
    three_comments(record)
    waiting = submit(record, "请说明灰场防渗措施。", name="赵六", contact=CONTACT)
    client = signed_in(division["handler"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Public comments (1 awaiting moderation)" in home
    queue = client.get(admin("comments")).content.decode()
    assert "4 comments" in queue and CONTACT in queue  # staff see the contact
    assert queue.index("请说明灰场防渗措施。") < queue.index("建议夜间施工降噪。")
    declined_only = client.get(admin("comments"), {"state": "not_published"}).content.decode()
    assert "加微信领红包" in declined_only and "建议夜间施工降噪。" not in declined_only
    mine = client.get(admin("comments"), {"project": record.form.pk}).content.decode()
    assert "0 comments" in mine
    detail = client.get(admin("comment", waiting.pk)).content.decode()
    assert CONTACT in detail and "赵六" in detail and "Awaiting moderation" in detail
    assert client.get(admin("comment", 999999)).status_code == 404

    # not publishing without a reason is refused on the form
    form = client.post(admin("comment_moderate", waiting.pk), {"decision": "decline"})
    assert form.status_code == 400
    assert "Say why the comment is not published." in form.content.decode()
    response = client.post(
        admin("comment_moderate", waiting.pk), {"decision": "decline", "reason": REASON}
    )
    assert response.status_code == 302 and response["Location"] == admin("comment", waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.state, waiting.reason) == (Comment.State.NOT_PUBLISHED, REASON)
    # changed: published after all
    client.post(admin("comment_moderate", waiting.pk), {"decision": "publish", "reason": ""})
    response = client.post(
        admin("comment_reply", waiting.pk), {"reply": "防渗措施见报告书第五章。"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == Comment.State.PUBLISHED and waiting.reply == "防渗措施见报告书第五章。"
    assert waiting.moderated_by == division["handler"] == waiting.replied_by
    assert client.post(admin("comment_reply", waiting.pk), {"reply": " "}).status_code == 400
    assert "Correct the reply" in client.get(admin("comment", waiting.pk)).content.decode()
    with at("2026-04-02"):
        public = page_of(record.book).content.decode()
    assert (
        "防渗措施见报告书第五章。" in public
        and "赵*" in public
        and "赵六" not in public
        and CONTACT not in public
    )


def test_a_demo_comment_opens_in_both_languages(record: Record, division: dict[str, Any]) -> None:
    published = three_comments(record)[0]  # moderated and answered without an actor
    for language in ("zh-hans", "en"):
        client = signed_in(division["head"], language)
        for path in moderation_paths(published):
            assert client.get(path).status_code == 200, (language, path)
