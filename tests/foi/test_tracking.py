"""Following an application (`/services/foi/track/`): only with both codes, the same
answer for a wrong and an unknown code, a masked applicant, letters behind the same
check, the limit on guessing."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from lantian.core.roles import Role
from lantian.foi import services, tracking
from lantian.foi.models import Application, Letter, ReleasedFile
from lantian.foi.replies import PETITION
from tests.foi.public import PERSONAL, SHANGHAI, register

pytestmark = pytest.mark.django_db
TRACK = "/services/foi/track/"
CASE = "/services/foi/track/case/"


@pytest.fixture(autouse=True)
def _fresh_limits(settings, tmp_path) -> None:
    cache.clear()
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def case() -> tuple[Application, str]:
    return register()


def open_case(client: Client, tracking_code: str, code: str) -> Any:
    return client.post(TRACK, {"tracking_code": tracking_code, "verification_code": code})


def without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@time_machine.travel(datetime(2026, 3, 2, 18, tzinfo=SHANGHAI), tick=False)
def test_the_right_codes_open_the_case(client: Client, case: tuple[Application, str]) -> None:
    application, code = case  # submitted online on Monday 2 March 2026, 10:00
    response = open_case(client, application.tracking_code.lower(), f" {code.lower()} ")
    assert response.status_code == 302 and response["Location"] == CASE
    page = client.get(CASE)
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert application.tracking_code in html
    assert f'data-testid="status">{tracking.STATUS_LABELS["submitted"]}<' in html
    assert 'data-testid="applicant">林**<' in html
    # what was asked (nothing personal in it here: shown as written)
    assert f'data-testid="summary">{application.description}<' in html
    # receipt is confirmed by staff (Art. 31): at 18:00, not before the next working day
    assert "Article 31" in html
    assert 'data-testid="receipt-expected">Expected on 2026-03-03,' in html
    assert "20 working days from the next working day" in html
    for value in PERSONAL:
        assert value not in html, value


def statuses(html: str) -> tuple[str, list[tuple[str, str]]]:
    """The status shown and the progress steps as (state, label)."""
    status = re.search(r'data-testid="status">([^<]+)<', html).group(1)
    steps = re.findall(r'class="case-step case-step--(\w+)"[^>]*>([^<]+)<', html)
    return status, steps


def test_status_names_follow_the_case(
    client: Client, case: tuple[Application, str], staff: dict[Role, Any]
) -> None:
    application, code = case
    open_case(client, application.tracking_code, code)
    labels = {key: str(label) for key, label in tracking.STATUS_LABELS.items()}
    steps = [str(label) for _key, label in tracking.STEPS]
    assert statuses(client.get(CASE).content.decode()) == (
        labels["submitted"],
        [("current", steps[0]), ("todo", steps[1]), ("todo", steps[2]), ("todo", steps[3])],
    )
    services.confirm_receipt(
        actor=staff[Role.ADMINISTRATOR], application=application, received_on=date(2026, 3, 2)
    )
    html = client.get(CASE).content.decode()
    assert statuses(html) == (
        labels["accepted"],
        [("done", steps[0]), ("current", steps[1]), ("todo", steps[2]), ("todo", steps[3])],
    )
    assert 'aria-current="step"' in html and 'data-testid="receipt-expected"' not in html
    _replied(application, staff, confirmed=True)
    assert statuses(client.get(CASE).content.decode()) == (
        labels["replied"],
        [("done", steps[0]), ("done", steps[1]), ("done", steps[2]), ("current", steps[3])],
    )


@pytest.mark.parametrize(
    ("state", "received", "status", "step"),
    [
        ("received", False, "submitted", "submitted"),
        ("received", True, "accepted", "accepted"),
        ("assigned", True, "in_progress", "in_progress"),
        ("in_review", True, "in_progress", "in_progress"),
        ("supplement", True, "supplement", "in_progress"),  # a pause is part of handling
        ("consultation", True, "consultation", "in_progress"),
        ("fee", True, "fee", "in_progress"),
        ("archived", True, "replied", "replied"),
        ("withdrawn", False, "withdrawn", None),  # ended without a reply: no steps
        ("abandoned", True, "closed", None),
    ],
)
def test_every_state_has_a_status_and_a_step(
    state: str, received: bool, status: str, step: str | None
) -> None:
    application = Application(state=state, received_on=date(2026, 3, 2) if received else None)
    assert tracking.public_status(application) == status
    current = [s.key for s in tracking.steps(status) if s.state == "current"]
    assert current == ([step] if step else [])


@pytest.mark.parametrize(
    ("channel", "submitted", "now", "expected"),
    [
        # Monday 2 March 2026 (working): same day before 17:00, else the next working day
        ("online", datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 10, 5), date(2026, 3, 2)),
        ("online", datetime(2026, 3, 2, 10), datetime(2026, 3, 2, 17), date(2026, 3, 3)),
        # Friday evening: Monday
        ("online", datetime(2026, 3, 6, 20), datetime(2026, 3, 7, 9), date(2026, 3, 9)),
        # still not confirmed days later: the next day staff can do it, not a past one
        ("online", datetime(2026, 3, 2, 10), datetime(2026, 3, 4, 18), date(2026, 3, 5)),
        # 2026 National Day holiday (1-7 October), 10 October a make-up working Saturday
        ("fax", datetime(2026, 9, 30, 18), datetime(2026, 9, 30, 18), date(2026, 10, 8)),
        ("ordinary_post", datetime(2026, 10, 9, 18), datetime(2026, 10, 9, 18), date(2026, 10, 10)),
    ],
)
def test_when_receipt_is_expected(
    channel: str, submitted: datetime, now: datetime, expected: date
) -> None:
    application = Application(
        channel=channel, state="received", submitted_at=submitted.replace(tzinfo=SHANGHAI)
    )
    assert tracking.receipt_expected_on(application, now.replace(tzinfo=SHANGHAI)) == expected
    application.received_on = expected
    assert tracking.receipt_expected_on(application, now.replace(tzinfo=SHANGHAI)) is None


def test_the_summary_masks_personal_data(
    client: Client, staff: dict[Role, Any], settings: Any
) -> None:
    description = (
        "本人林晓梅（身份证320502198803151234，电话13962158877）请公开邻居王建华家养殖场"
        "的环评批复。" + "另请提供相关监测数据。" * 30
    )
    application, code = register(description=description, document_hint="联系人赵敏 0512-66881234")
    open_case(client, application.tracking_code, code)
    html = client.get(CASE).content.decode()
    summary = re.search(r'data-testid="summary">([^<]+)<', html).group(1)
    assert summary.startswith(
        "本人林**（身份证320***********1234，电话139****8877）请公开邻居王**家"
    )
    assert summary.endswith("…") and len(summary) == tracking.SUMMARY_LENGTH + 1
    assert "赵* 051*-****1234" in html
    for value in (*PERSONAL, "320502198803151234", "王建华", "赵敏", "66881234"):
        assert value not in html, value


def test_a_number_across_the_cut_is_masked_before_it_is_cut(client: Client) -> None:
    # the summary ends inside the ID number: its shown part is already masked
    description = "请公开数据" * 38 + "身份证号320502198803151234" + "，谢谢" * 100
    application, code = register(description=description)
    open_case(client, application.tracking_code, code)
    summary = re.search(r'data-testid="summary">([^<]+)<', client.get(CASE).content.decode())
    assert summary.group(1).endswith("身份证号320***…")  # 6 of its 18 characters
    assert "32050" not in client.get(CASE).content.decode()


def test_signing_out_says_what_it_does(client: Client, case: tuple[Application, str]) -> None:
    application, code = case
    open_case(client, application.tracking_code, code)
    html = client.get(CASE).content.decode()
    assert "Sign out of this application on this browser" in html
    assert "Close the application" not in html
    assert 'aria-describedby="leave-help"' in html and 'id="leave-help"' in html
    response = client.post("/services/foi/track/leave/")
    assert response["Location"] == TRACK
    assert 'data-testid="signed-out"' in client.get(TRACK).content.decode()
    assert 'data-testid="signed-out"' not in client.get(TRACK).content.decode()  # said once
    assert client.get(CASE)["Location"] == TRACK


def test_a_wrong_code_and_an_unknown_code_get_the_same_answer(
    client: Client, case: tuple[Application, str]
) -> None:
    application, code = case
    wrong = open_case(
        client, application.tracking_code, "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    )
    unknown = open_case(client, "YSQ202699999", code)
    assert wrong.status_code == unknown.status_code == 200
    assert 'data-testid="not-found"' in wrong.content.decode()
    one = without_token(wrong.content.decode()).replace(application.tracking_code, "X")
    other = without_token(unknown.content.decode()).replace("YSQ202699999", "X")
    assert one == other
    assert client.get(CASE)["Location"] == TRACK  # still nothing open


def test_an_unknown_code_spends_the_same_hashing_as_a_wrong_one(
    case: tuple[Application, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    original = services.check_verification

    def spy(application: Application, code: str) -> bool:
        checked.append(application.verification_hash.split("$")[0])
        return original(application, code)

    monkeypatch.setattr(services, "check_verification", spy)
    application, _code = case
    assert tracking.find_verified(application.tracking_code, "WRONGCOD") is None
    assert tracking.find_verified("YSQ202699999", "WRONGCOD") is None
    assert len(checked) == 2 and checked[0] == checked[1]  # same hasher both times


def test_missing_codes_are_field_errors(client: Client) -> None:
    response = client.post(TRACK, {"tracking_code": "", "verification_code": ""})
    assert set(response.context["form"].errors) == {"tracking_code", "verification_code"}


def test_guessing_is_rate_limited_per_address(
    client: Client, case: tuple[Application, str], settings
) -> None:
    settings.FOI_TRACK_RATE = "3/hour"
    application, code = case
    for _ in range(3):
        assert open_case(client, application.tracking_code, "WRONGCOD").status_code == 200
    refused = open_case(client, application.tracking_code, code)  # even the right one
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert (
        open_case(Client(REMOTE_ADDR="198.51.100.7"), application.tracking_code, code).status_code
        == 302
    )


def test_successes_do_not_use_up_the_limit(
    client: Client, case: tuple[Application, str], settings
) -> None:
    settings.FOI_TRACK_RATE = "2/hour"
    application, code = case
    for _ in range(4):
        assert open_case(client, application.tracking_code, code).status_code == 302


def test_the_pass_expires_and_can_be_closed(client: Client, case: tuple[Application, str]) -> None:
    application, code = case
    open_case(client, application.tracking_code, code)
    assert client.get(CASE).status_code == 200
    assert client.post("/services/foi/track/leave/").status_code == 302
    assert client.get(CASE)["Location"] == TRACK
    open_case(client, application.tracking_code, code)
    session = client.session
    session[tracking.SESSION_KEY] = {"id": application.pk, "until": time.time() - 1}
    session.save()
    assert client.get(CASE)["Location"] == TRACK


def test_another_browser_does_not_share_the_pass(case: tuple[Application, str]) -> None:
    application, code = case
    open_case(Client(), application.tracking_code, code)
    assert Client().get(CASE)["Location"] == TRACK


def test_the_due_date_once_receipt_is_confirmed(
    client: Client, case: tuple[Application, str], staff: dict[Role, Any]
) -> None:
    application, code = case
    services.confirm_receipt(
        actor=staff[Role.ADMINISTRATOR], application=application, received_on=date(2026, 3, 2)
    )
    open_case(client, application.tracking_code, code)
    html = client.get(CASE).content.decode()
    assert 'data-testid="received-on">2026-03-02<' in html
    # 20 working days counted from 3 March 2026 (no holiday in between): 30 March
    assert "2026-03-30" in html


def _replied(
    application: Application,
    staff: dict[Role, Any],
    *,
    confirmed: bool = False,
    reply_type: str = "disclose",
    text: str = "现将所申请的监测数据提供给您。",
) -> Application:
    if not confirmed:
        services.confirm_receipt(
            actor=staff[Role.ADMINISTRATOR], application=application, received_on=date(2026, 3, 2)
        )
    services.draft_reply(
        actor=staff[Role.CASE_HANDLER], application=application, reply_type=reply_type, text=text
    )
    services.submit_reply_for_review(actor=staff[Role.CASE_HANDLER], application=application)
    return services.approve_reply(
        actor=staff[Role.DEPARTMENT_HEAD], application=application, on=date(2026, 3, 16)
    )


def test_the_reply_type_and_letters_once_replied(
    client: Client, case: tuple[Application, str], staff: dict[Role, Any]
) -> None:
    application, code = case
    _replied(application, staff)
    reply = Letter.objects.create(
        application=application, kind="reply", issued_on=date(2026, 3, 16)
    )
    reply.pdf.save("reply.pdf", ContentFile(b"%PDF-1.4 reply"), save=True)
    third = Letter.objects.create(
        application=application, kind="third_party", issued_on=date(2026, 3, 5)
    )
    third.pdf.save("third.pdf", ContentFile(b"%PDF-1.4 third party"), save=True)
    released = ReleasedFile(application=application, title="2026年第三季度监测数据")
    released.file.save("data.xlsx", ContentFile(b"PK data"), save=True)

    open_case(client, application.tracking_code, code)
    html = client.get(CASE).content.decode()
    assert 'data-testid="status">Replied<' in html
    assert 'data-testid="reply-type">予以公开<' in html or "Disclosed" in html
    assert "2026-03-16" in html
    assert f"/services/foi/track/letters/{reply.pk}.pdf" in html
    assert f"/services/foi/track/letters/{third.pk}.pdf" not in html  # not the applicant's
    download = client.get(f"/services/foi/track/letters/{reply.pk}.pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 reply"
    assert "no-store" in download["Cache-Control"]
    assert client.get(f"/services/foi/track/letters/{third.pk}.pdf").status_code == 404
    assert client.get(f"/services/foi/track/letters/{reply.pk}.docx").status_code == 404  # none
    # the released file is listed with its download link through the checked view
    file_url = reverse("foi:released_file", args=[released.pk])
    assert file_url == f"/services/foi/track/files/{released.pk}/"
    assert f'<a href="{file_url}">2026年第三季度监测数据</a>' in html
    file_download = client.get(file_url)
    assert file_download.status_code == 200
    assert b"".join(file_download.streaming_content) == b"PK data"
    assert file_download["Content-Disposition"].startswith("attachment")
    assert "no-store" in file_download["Cache-Control"]
    # without the pass: nothing
    stranger = Client()
    assert stranger.get(f"/services/foi/track/letters/{reply.pk}.pdf").status_code == 404
    assert stranger.get(f"/services/foi/track/files/{released.pk}/").status_code == 404


COMPLAINT_CHANNEL = 'data-testid="complaint-channel"'


def test_a_complaint_sent_as_an_application_is_pointed_to_the_complaint_form(
    client: Client, staff: dict[Role, Any]
) -> None:
    """条例 Art. 39 para. 1: replied as not processed, with the way to complain."""
    application, code = register(description="举报示范化工园区企业夜间偷排废气，请尽快查处。")
    open_case(client, application.tracking_code, code)
    assert COMPLAINT_CHANNEL not in client.get(CASE).content.decode()  # not before the reply
    _replied(
        application,
        staff,
        reply_type=PETITION,
        text="您反映的问题属于投诉举报，请通过投诉举报渠道提出。",
    )
    html = client.get(CASE).content.decode()
    notice = re.search(rf"<p [^>]*{COMPLAINT_CHANNEL}>(.+?)</p>", html, re.S).group(1)
    assert f'<a href="{reverse("complaints:new")}">' in notice
    assert "Article 39" in notice and "12369" in notice


@pytest.mark.parametrize("reply_type", ["disclose", "not_processed_duplicate"])
def test_other_replies_show_no_complaint_form(
    client: Client, case: tuple[Application, str], staff: dict[Role, Any], reply_type: str
) -> None:
    application, code = case
    _replied(application, staff, reply_type=reply_type)
    open_case(client, application.tracking_code, code)
    html = client.get(CASE).content.decode()
    assert 'data-testid="status">Replied<' in html
    assert COMPLAINT_CHANNEL not in html


def test_one_case_pass_does_not_open_another_case_letters(
    client: Client, case: tuple[Application, str], staff: dict[Role, Any]
) -> None:
    application, code = case
    other, _other_code = register(name="王五")
    letter = Letter.objects.create(application=other, kind="receipt", issued_on=date(2026, 3, 2))
    letter.pdf.save("r.pdf", ContentFile(b"%PDF other"), save=True)
    open_case(client, application.tracking_code, code)
    assert client.get(f"/services/foi/track/letters/{letter.pk}.pdf").status_code == 404


def test_csrf_is_enforced_on_tracking(case: tuple[Application, str]) -> None:
    application, code = case
    client = Client(enforce_csrf_checks=True)
    assert open_case(client, application.tracking_code, code).status_code == 403
