"""The FOI back office: who sees which cases (lists, pages, exports), the queues, the case
page with its clock, timeline and actions, staff registration, and the audit of views."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.foi import services
from lantian.foi.admin import views
from lantian.foi.models import Application, CaseEvent, Letter, ReleasedFile
from tests.foi import flow

pytestmark = pytest.mark.django_db

RECEIVED = flow.RECEIVED
ID_NUMBER = flow.APPLICANT["id_number"]


def index() -> str:
    return reverse("foi_admin:index")


def case_url(application: Application) -> str:
    return reverse("foi_admin:case", args=[application.pk])


def act_url(application: Application, name: str) -> str:
    return reverse("foi_admin:act", args=[application.pk, name])


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# ---------------------------------------------------------------------- denials


def test_anonymous_user_is_sent_to_the_login(legal_case: Application) -> None:
    for target in (index(), case_url(legal_case), index() + "?export=csv"):
        response = Client().get(target)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


def test_editor_and_data_manager_are_refused(client_as: Any, legal_case: Application) -> None:
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        client = client_as(role)
        assert client.get(index()).status_code == 403
        assert client.get(case_url(legal_case)).status_code == 403
        assert client.get(index() + "?export=xlsx").status_code == 403
        response = client.post(act_url(legal_case, "archive"))
        assert response.status_code == 403
        assert client.get(reverse("foi_admin:register")).status_code == 403


def test_another_departments_handler_sees_nothing_of_the_case(
    water_handler: Any, legal_case: Application
) -> None:
    client = login(water_handler)
    listing = client.get(index())
    assert listing.status_code == 200
    assert case_url(legal_case) not in listing.content.decode()
    found = client.get(index(), {"q": legal_case.tracking_code})
    assert case_url(legal_case) not in found.content.decode()
    assert client.get(case_url(legal_case)).status_code == 404
    response = client.post(
        act_url(legal_case, "withdraw"), {"withdraw-on": "2026-11-03", "withdraw-note": "x"}
    )
    assert response.status_code == 404
    legal_case.refresh_from_db()
    assert legal_case.state == Application.State.ASSIGNED
    export = client.get(index(), {"export": "csv"})
    assert legal_case.tracking_code not in export.content.decode("utf-8-sig")
    assert not ModelLogEntry.objects.filter(
        action=views.CASE_VIEWED, object_id=str(legal_case.pk)
    ).exists()


def test_downloads_are_refused_outside_the_case_scope(
    client_as: Any, water_handler: Any, legal_case: Application
) -> None:
    letter = Letter.objects.create(application=legal_case, kind="receipt", issued_on=RECEIVED)
    letter.pdf.save("receipt.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    released = ReleasedFile(application=legal_case, title="监测数据")
    released.file.save("data.xlsx", ContentFile(b"PK data"), save=True)
    letter_url = reverse("foi_admin:letter", args=[legal_case.pk, letter.pk, "pdf"])
    file_url = reverse("foi_admin:released_file", args=[legal_case.pk, released.pk])
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        client = client_as(role)
        assert client.get(letter_url).status_code == 403
        assert client.get(file_url).status_code == 403
    client = login(water_handler)
    assert client.get(letter_url).status_code == 404
    assert client.get(file_url).status_code == 404
    assert not ModelLogEntry.objects.filter(action=views.DOCUMENT_DOWNLOADED).exists()
    own = client_as(Role.CASE_HANDLER)
    assert own.get(letter_url).status_code == 200
    assert own.get(file_url).status_code == 200
    assert ModelLogEntry.objects.filter(action=views.DOCUMENT_DOWNLOADED).count() == 2


def test_department_head_of_another_department_gets_404(
    client_as: Any, legal_case: Application
) -> None:
    client = client_as(Role.DEPARTMENT_HEAD)  # 大气环境处
    assert client.get(case_url(legal_case)).status_code == 404
    assert legal_case.tracking_code not in client.get(index()).content.decode()


def test_own_department_and_office_wide_roles_see_the_case(
    client_as: Any, legal_case: Application
) -> None:
    for role in (Role.CASE_HANDLER, Role.ADMINISTRATOR):
        client = client_as(role)
        assert legal_case.tracking_code in client.get(index()).content.decode()
        assert client.get(case_url(legal_case)).status_code == 200


# ---------------------------------------------------------------------- lists and export


def test_list_masks_the_id_number_and_shows_the_deadline_in_words(
    client_as: Any, legal_case: Application
) -> None:
    html = client_as(Role.CASE_HANDLER).get(index()).content.decode()
    assert ID_NUMBER not in html
    assert flow.APPLICANT["name"] not in html  # the list shows the name masked
    assert "2026-11-30" in html  # 20 working days after Monday 2 November 2026


@time_machine.travel(datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_queues_split_the_cases(client_as: Any, staff: dict[Role, Any]) -> None:
    # on 26 November 2026: the case of 1 September is overdue, that of 20 November is not
    mine = flow.assigned(staff, date(2026, 11, 20))
    overdue = flow.assigned(staff, date(2026, 9, 1))
    new, _code = flow.register(staff[Role.ADMINISTRATOR], date(2026, 11, 24))
    client = client_as(Role.ADMINISTRATOR)

    def codes(queue: str) -> str:
        return client.get(index(), {"queue": queue}).content.decode()

    assert new.tracking_code in codes("new") and mine.tracking_code not in codes("new")
    handler = client_as(Role.CASE_HANDLER)
    mine_html = handler.get(index(), {"queue": "mine"}).content.decode()
    assert mine.tracking_code in mine_html and new.tracking_code not in mine_html
    overdue_html = codes("overdue")
    assert overdue.tracking_code in overdue_html and mine.tracking_code not in overdue_html
    assert "Overdue" in overdue_html or "已超期" in overdue_html or "超期" in overdue_html


def test_filters_and_search(client_as: Any, staff: dict[Role, Any]) -> None:
    first = flow.assigned(staff, RECEIVED)
    other = flow.assigned(
        staff, RECEIVED, description="请公开青龙河2026年10月各断面水质监测数据。", name="钱晓红"
    )
    client = client_as(Role.ADMINISTRATOR)
    found = client.get(index(), {"q": "青龙河"}).content.decode()
    assert other.tracking_code in found and first.tracking_code not in found
    by_name = client.get(index(), {"q": "钱晓红"}).content.decode()
    assert other.tracking_code in by_name and first.tracking_code not in by_name
    by_state = client.get(index(), {"state": "received"}).content.decode()
    assert first.tracking_code not in by_state
    assert (
        client.get(index(), {"year": "2026", "applicant_type": "natural_person"}).status_code == 200
    )


def test_exports_are_filtered_masked_and_audited(
    client_as: Any, staff: dict[Role, Any], legal_case: Application
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.get(index(), {"export": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert any(legal_case.tracking_code in row for row in rows)
    assert ID_NUMBER not in text and ID_NUMBER[:3] in text
    assert flow.APPLICANT["phone"] not in text
    xlsx = client.get(index(), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert legal_case.tracking_code in values and ID_NUMBER not in values
    assert ModelLogEntry.objects.filter(action=views.CASES_EXPORTED).count() == 2


# ---------------------------------------------------------------------- case page


def test_every_opening_of_a_case_page_is_audited(
    client_as: Any, staff: dict[Role, Any], legal_case: Application
) -> None:
    client = client_as(Role.CASE_HANDLER)
    client.get(case_url(legal_case))
    client.get(case_url(legal_case))
    entries = ModelLogEntry.objects.filter(action=views.CASE_VIEWED, object_id=str(legal_case.pk))
    assert entries.count() == 2
    assert entries.first().user == staff[Role.CASE_HANDLER]


def test_case_page_shows_facts_clock_and_timeline(client_as: Any, legal_case: Application) -> None:
    html = client_as(Role.CASE_HANDLER).get(case_url(legal_case)).content.decode()
    assert legal_case.tracking_code in html
    assert "2026-11-30" in html  # statutory due
    assert str(services.STEP_LABELS[services.Step.REGISTERED]) in html
    assert str(services.STEP_LABELS[services.Step.ASSIGNED]) in html
    assert str(views.CLOCK_LABELS["start"]) in html
    assert 'name="draft_reply-reply_type"' in html
    assert "第三十六条" in html  # the reply types show their citation
    assert 'name="approve_reply-on"' not in html  # not in review yet


def test_actions_run_the_services_and_show_their_refusals(
    client_as: Any, staff: dict[Role, Any], legal_case: Application
) -> None:
    handler = client_as(Role.CASE_HANDLER)
    response = handler.post(
        act_url(legal_case, "draft_reply"),
        {"draft_reply-reply_type": "disclose", "draft_reply-text": "现予以公开，详见附件。"},
    )
    assert response.status_code == 302
    handler.post(act_url(legal_case, "submit_reply_for_review"))
    legal_case.refresh_from_db()
    assert legal_case.state == Application.State.IN_REVIEW
    # four eyes: the drafter cannot approve; the error is shown on the form
    refused = handler.post(act_url(legal_case, "approve_reply"), {"approve_reply-on": "2026-11-20"})
    assert refused.status_code == 400
    assert "drafter" in refused.content.decode() or "起草" in refused.content.decode()
    legal_case.refresh_from_db()
    assert legal_case.state == Application.State.IN_REVIEW
    head = login(staff[Role.ADMINISTRATOR])
    approved = head.post(act_url(legal_case, "approve_reply"), {"approve_reply-on": "2026-11-20"})
    assert approved.status_code == 302
    legal_case.refresh_from_db()
    assert legal_case.state == Application.State.REPLIED
    assert legal_case.replied_on == date(2026, 11, 20)


def test_extension_needs_an_approver_who_is_not_the_handler(
    client_as: Any, staff: dict[Role, Any], legal_case: Application
) -> None:
    handler = client_as(Role.CASE_HANDLER)
    data = {
        "extend-on": "2026-11-20",
        "extend-days": "20",
        "extend-reason": "涉及多个监测断面的原始数据，需调取归档资料。",
    }
    refused = handler.post(
        act_url(legal_case, "extend"), {**data, "extend-approver": staff[Role.CASE_HANDLER].pk}
    )
    assert refused.status_code == 400
    ok = handler.post(
        act_url(legal_case, "extend"), {**data, "extend-approver": staff[Role.ADMINISTRATOR].pk}
    )
    assert ok.status_code == 302
    assert CaseEvent.objects.filter(application=legal_case, kind=services.Step.EXTENDED).exists()


def test_csrf_is_required_for_actions(staff: dict[Role, Any], legal_case: Application) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        staff[Role.CASE_HANDLER], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post(act_url(legal_case, "submit_reply_for_review"))
    assert response.status_code == 403


# ---------------------------------------------------------------------- registration


def test_staff_register_a_letter_with_its_receipt_date(
    client_as: Any, staff: dict[Role, Any]
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(
        reverse("foi_admin:register"),
        {
            "channel": "registered_post",
            "submitted_on": "2026-11-23",
            "submitted_time": "10:30",
            "applicant_type": "natural_person",
            "name": "郑国华",
            "id_type": "resident_id",
            "id_number": "350102198507153212",
            "phone": "13905995678",
            "address": "示范市东城区人民路100号",
            "postcode": "599000",
            "description": "请提供北山工业园区2026年第三季度废气排放口监督性监测报告。",
            "form": "paper",
            "delivery": "post",
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    application = Application.objects.get(name="郑国华")
    assert application.received_on == date(2026, 11, 23)
    assert application.registered_by == staff[Role.ADMINISTRATOR]
    assert application.tracking_code in response.content.decode()


def test_registration_errors_name_the_field(client_as: Any) -> None:
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("foi_admin:register"),
        {"channel": "fax", "submitted_on": "2026-11-23", "submitted_time": "10:30"},
    )
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert get_user_model().objects.exists()
