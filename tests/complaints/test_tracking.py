"""Following a case on `/interaction/track/` with the case number and the verification
code: one generic answer for a wrong code and an unknown number, a 30-minute session
pass, the state in words, the dates and due dates (15 days to decide, 60 days from
acceptance, one extension with its reason), the public steps, the reply, the letters
of this case only, the satisfaction form after the reply, signing out, the rate limit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client

from lantian.complaints import services
from lantian.complaints.models import Complaint, Letter
from lantian.core.roles import Role
from tests.complaints.public import CASE, PERSONAL, TRACK

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 2, 10, tzinfo=CST)
RECEIVED = date(2026, 9, 30)
NOT_FOUND = "We found no case with this case number and verification code."


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def case(demo: Any) -> tuple[Complaint, str]:
    complaint, code = services.register_complaint(
        actor=None,
        channel="online",
        category="air",
        title="化工厂夜间排放刺鼻气体，请联系13912345678",
        description="王小明反映：每天夜里十点以后，园区东侧化工厂排放刺鼻气体。电话13912345678。",
        submitted_at=datetime(2026, 9, 30, 9, tzinfo=CST),
        agrees_to_publication=True,
        **PERSONAL,
    )
    return complaint, code


def sign_in(client: Client, case_no: str, code: str) -> Any:
    return client.post(TRACK, {"case_no": case_no, "verification_code": code})


def test_the_right_codes_open_the_case(client: Client, case: tuple[Complaint, str]) -> None:
    complaint, code = case
    response = sign_in(client, complaint.case_no.lower(), f" {code} ")  # tidied
    assert response.status_code == 302 and response["Location"] == CASE
    page = client.get(CASE)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    status = page.context["status"]
    assert status.status_label == "Received, awaiting the decision to accept it"
    assert status.received_on == RECEIVED
    assert status.intake_due == RECEIVED + timedelta(days=15)  # 信访条例 Art. 21
    assert status.handling_due is None
    assert status.masked_name == "王**"
    # the complainant's own texts are shown masked: a tracking page may be on a shared screen
    for value in PERSONAL.values():
        assert value not in html
    assert "139****5678" in html


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(
    client: Client, case: tuple[Complaint, str]
) -> None:
    complaint, code = case
    wrong = sign_in(client, complaint.case_no, "WRONGCODE")
    unknown = sign_in(client, "TS202699999", code)
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert NOT_FOUND in response.content.decode()
    assert wrong.context["failed"] and unknown.context["failed"]
    assert client.get(CASE)["Location"] == TRACK  # no pass was given


def test_the_case_page_needs_the_codes(client: Client, case: tuple[Complaint, str]) -> None:
    response = client.get(CASE)
    assert response.status_code == 302 and response["Location"] == TRACK


def test_the_pass_ends_after_thirty_minutes_or_on_signing_out(
    client: Client, case: tuple[Complaint, str]
) -> None:
    complaint, code = case
    sign_in(client, complaint.case_no, code)
    assert client.get(CASE).status_code == 200
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert client.get(CASE)["Location"] == TRACK
    sign_in(client, complaint.case_no, code)
    assert client.post("/interaction/track/leave/")["Location"] == TRACK
    assert "signed out" in client.get(TRACK).content.decode()
    assert client.get(CASE)["Location"] == TRACK


def test_accepted_extended_and_replied(
    client: Client, case: tuple[Complaint, str], staff: dict[Role, Any]
) -> None:
    complaint, code = case
    admin = staff[Role.ADMINISTRATOR]
    services.accept(actor=admin, complaint=complaint, on=date(2026, 10, 10))
    sign_in(client, complaint.case_no, code)
    status = client.get(CASE).context["status"]
    assert status.status_label == "Accepted and being handled"
    assert status.accepted_on == date(2026, 10, 10)
    assert status.handling_due == date(2026, 10, 10) + timedelta(days=60)  # Art. 33
    assert status.intake_due is None

    services.extend(
        actor=admin,
        complaint=complaint,
        days=30,
        reason="需委托第三方监测机构采样分析",
        on=date(2026, 11, 1),
    )
    page = client.get(CASE)
    status = page.context["status"]
    assert status.handling_due == date(2026, 10, 10) + timedelta(days=90)
    assert status.extended and status.extension_days == 30
    assert status.extension_reason == "需委托第三方监测机构采样分析"
    assert "需委托第三方监测机构采样分析" in page.content.decode()
    assert not status.can_rate and 'name="satisfaction"' not in page.content.decode()

    services.reply(
        actor=admin,
        complaint=complaint,
        text="经现场检查，该企业废气处理设施故障，已责令停产整改。",
        on=date(2026, 11, 2),
    )
    page = client.get(CASE)
    status = page.context["status"]
    assert status.status_label == "Replied" and status.replied_on == date(2026, 11, 2)
    assert status.reply == "经现场检查，该企业废气处理设施故障，已责令停产整改。"
    labels = [e.label for e in status.events]
    assert labels == ["Received", "Accepted", "Handling period extended", "Replied"]
    assert status.can_rate
    assert 'name="satisfaction"' in page.content.decode()


def test_the_satisfaction_form_after_the_reply(
    client: Client, case: tuple[Complaint, str], staff: dict[Role, Any]
) -> None:
    complaint, code = case
    admin = staff[Role.ADMINISTRATOR]
    services.accept(actor=admin, complaint=complaint, on=date(2026, 10, 10))
    sign_in(client, complaint.case_no, code)
    # before the reply a posted answer is not recorded
    client.post(CASE, {"satisfaction": "satisfied"})
    complaint.refresh_from_db()
    assert complaint.satisfaction == ""
    services.reply(actor=admin, complaint=complaint, text="已处理。", on=date(2026, 11, 1))
    response = client.post(CASE, {"satisfaction": "nope"})
    assert "satisfaction" in response.context["satisfaction_form"].errors
    response = client.post(CASE, {"satisfaction": "basically"})
    assert response.status_code == 200 and response.context["thanked"]
    complaint.refresh_from_db()
    assert complaint.satisfaction == "basically"
    status = client.get(CASE).context["status"]
    assert not status.can_rate and status.satisfaction_label == "Basically satisfied"


def test_letters_of_this_case_only(client: Client, case: tuple[Complaint, str], demo: Any) -> None:
    complaint, code = case
    other, _other_code = services.register_complaint(
        actor=None,
        channel="online",
        category="water",
        title="河道排污",
        description="河道上游有暗管排放污水。",
        anonymous=True,
    )

    def letter(of: Complaint) -> Letter:
        found = Letter(complaint=of, kind="acceptance", issued_on=date(2026, 10, 10))
        found.pdf.save("a.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
        found.docx.save("a.docx", ContentFile(b"PK docx"), save=False)
        found.save()
        return found

    mine, theirs = letter(complaint), letter(other)
    url = "/interaction/track/letters/{}.{}"
    assert client.get(url.format(mine.pk, "pdf")).status_code == 404  # no pass yet
    sign_in(client, complaint.case_no, code)
    page = client.get(CASE)
    assert page.context["letters"] == [mine]
    response = client.get(url.format(mine.pk, "pdf"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"
    assert client.get(url.format(theirs.pk, "pdf")).status_code == 404
    assert client.get(url.format(mine.pk, "exe")).status_code == 404


def test_failed_attempts_are_rate_limited(
    client: Client, case: tuple[Complaint, str], settings: Any
) -> None:
    settings.COMPLAINTS_TRACK_RATE = "3/hour"
    complaint, code = case
    for _ in range(3):
        assert sign_in(client, complaint.case_no, "WRONG").status_code == 200
    response = sign_in(client, complaint.case_no, code)  # even the right code now waits
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
