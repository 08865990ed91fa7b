"""The complaints API: figures (bounded year and month), submitting (201 with the codes
once; the web form's checks; field-level errors; rate limit) and following a case (the
same 404 for a wrong and an unknown code; due dates from the rules; no personal data)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from lantian.complaints import services
from lantian.complaints.models import Category, Complaint
from lantian.core.roles import Role
from tests.complaints.conftest import SHANGHAI

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints"
NOW = datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)  # a Monday

BODY: dict[str, Any] = {
    "category": "air",
    "title": "化工厂夜间排放刺鼻气体",
    "description": "每天夜里十点以后，园区东侧化工厂排放刺鼻气体，附近居民无法开窗。",
    "address": "江苏省示范市东城区人民路100号",
    "latitude": 31.2989,
    "longitude": 120.5853,
    "attributes": {"pollution_time": "night", "odour": "chemical"},
    "name": "林晓梅",
    "phone": "13962158877",
    "email": "linxm@example.cn",
    "id_number": "",
    "contact_address": "江苏省示范市东城区人民路100号3幢",
    "agrees_to_publication": True,
    "privacy_acknowledged": True,
}
PERSONAL = ("林晓梅", "13962158877", "linxm@example.cn", "人民路100号")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def submit(client: Client | None = None, **changes: Any) -> Any:
    body = {k: v for k, v in {**BODY, **changes}.items() if v is not None}
    return (client or Client()).post(URL, body, content_type="application/json")


def fields_of(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    return {d["loc"][-1]: d["message"] for d in error["details"]}


# ---------------------------------------------------------------- submitting


@time_machine.travel(NOW, tick=False)
def test_submitting_answers_201_with_the_codes_once(categories: dict[str, Category]) -> None:
    response = submit()
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"case_no", "verification_code", "status", "received_on", "intake_due"}
    assert body["status"] == "received" and body["received_on"] == "2026-11-02"
    assert body["intake_due"] == "2026-11-17"  # 15 days (信访条例 Art. 21)
    complaint = Complaint.objects.get(case_no=body["case_no"])
    assert complaint.channel == "online" and complaint.category.code == "air"
    assert complaint.attributes == {"pollution_time": "night", "odour": "chemical"}
    assert complaint.agrees_to_publication and complaint.name == "林晓梅"
    assert services.check_verification(complaint, body["verification_code"])
    assert "no-store" in response["Cache-Control"]
    for value in PERSONAL:
        assert value not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_mailbox_letter_and_an_anonymous_report(categories: dict[str, Category]) -> None:
    letter = submit(channel="mailbox", mailbox_kind="suggestion", attributes={})
    assert letter.status_code == 201, letter.content
    complaint = Complaint.objects.get(case_no=letter.json()["case_no"])
    assert complaint.channel == "mailbox" and complaint.mailbox_kind == "suggestion"
    anonymous = submit(anonymous=True, name="", phone="", email="")
    assert anonymous.status_code == 201, anonymous.content
    assert Complaint.objects.get(case_no=anonymous.json()["case_no"]).anonymous


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "nothing"}, "category"),
        ({"category": None}, "category"),
        ({"title": None}, "title"),
        ({"description": "太臭"}, "description"),
        ({"name": ""}, "name"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "12345"}, "phone"),
        ({"email": "nobody"}, "email"),
        ({"latitude": None}, "latitude"),
        ({"latitude": 91}, "latitude"),
        ({"privacy_acknowledged": False}, "privacy_acknowledged"),
        ({"channel": "hotline_12369"}, "channel"),
        ({"mailbox_kind": "complaint"}, "mailbox_kind"),  # a kind, but not a mailbox letter
        ({"channel": "mailbox", "mailbox_kind": "praise"}, "mailbox_kind"),
        ({"attributes": {"odour": "roses"}}, "odour"),
        ({"attributes": {"colour": "black"}}, "colour"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_bad_input_gives_field_level_errors(
    changes: dict[str, Any], field: str, categories: dict[str, Category]
) -> None:
    response = submit(**changes)
    assert field in fields_of(response), response.content
    assert not Complaint.objects.exists()


def test_a_body_that_is_not_json_is_refused(demo: Any) -> None:
    response = Client().post(URL, "name=x", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["error"]["status"] == response.status_code


def test_submissions_are_rate_limited(settings: Any, categories: dict[str, Category]) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    assert submit().status_code == 201
    assert submit(phone="x").status_code == 422  # refused input does not count
    assert submit().status_code == 201
    refused = submit()
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert Complaint.objects.count() == 2


# ---------------------------------------------------------------- following


def follow(case_no: str, code: str | None) -> Any:
    params = {} if code is None else {"verification": code}
    return Client().get(f"{URL}/{case_no}", params)


def test_following_with_the_code(categories: dict[str, Category], staff: dict[Role, Any]) -> None:
    with time_machine.travel(NOW, tick=False):
        created = submit().json()
        body = follow(created["case_no"], created["verification_code"]).json()
    assert body == {
        "case_no": created["case_no"],
        "status": "received",
        "status_label": body["status_label"],
        "category": "大气",
        "received_on": "2026-11-02",
        "accepted_on": None,
        "intake_due": "2026-11-17",
        "handling_due": None,
        "provisional": False,
        "extended": False,
        "extension_days": 0,
        "referred_to": "",
        "replied_on": None,
    }
    complaint = Complaint.objects.get(case_no=created["case_no"])
    admin = staff[Role.ADMINISTRATOR]
    services.accept(actor=admin, complaint=complaint, on=date(2026, 11, 4))
    services.extend(
        actor=admin, complaint=complaint, days=30, reason="需委托检测", on=date(2026, 12, 20)
    )
    with time_machine.travel(datetime(2026, 12, 21, 10, tzinfo=SHANGHAI), tick=False):
        response = follow(created["case_no"].lower(), created["verification_code"])
    body = response.json()
    # accepted 4 Nov: 60 days → 3 Jan 2027, extended by 30 days → 2 Feb 2027
    assert body["status"] == "accepted" and body["intake_due"] is None
    assert body["handling_due"] == "2027-02-02"
    assert body["extended"] is True and body["extension_days"] == 30
    assert "no-store" in response["Cache-Control"]
    for value in PERSONAL:
        assert value not in response.content.decode()


def test_a_wrong_code_and_an_unknown_case_get_the_same_404(
    register: Callable[..., Complaint],
) -> None:
    complaint = register()
    wrong = follow(complaint.case_no, "WRONGCOD")
    unknown = follow("TS202699999", "WRONGCOD")
    missing = follow(complaint.case_no, None)
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.json() == unknown.json() == missing.json()


def test_guessing_is_rate_limited(settings: Any, register: Callable[..., Complaint]) -> None:
    settings.COMPLAINTS_TRACK_RATE = "2/hour"
    complaint = register()
    assert follow(complaint.case_no, "WRONGCOD").status_code == 404
    assert follow(complaint.case_no, "WRONGCO2").status_code == 404
    refused = follow(complaint.case_no, "WRONGCO3")
    assert refused.status_code == 429 and "Retry-After" in refused


# ---------------------------------------------------------------- figures


def test_the_figures_of_a_year_and_a_month(
    register: Callable[..., Complaint], staff: dict[Role, Any]
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    first = register()  # hotline, air, received 2026-09-30
    services.accept(actor=admin, complaint=first, on=date(2026, 10, 2))
    services.reply(actor=admin, complaint=first, text="已查处。", on=date(2026, 10, 20))
    register(received_on=date(2026, 10, 8), category="water", channel="mailbox")
    spam = register(received_on=date(2026, 10, 9))
    services.mark_invalid(actor=admin, complaint=spam, reason="广告", on=date(2026, 10, 9))
    register(received_on=date(2025, 10, 9))  # another year

    response = Client().get(f"{URL}/stats", {"year": 2026})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["year"], body["month"]) == (2026, None)
    assert body["received"] == 2 and body["invalid"] == 1
    assert body["closed"] == 1 and body["closed_on_time"] == 1 and body["on_time_rate"] == 1.0
    assert body["mailbox_received"] == 1 and body["mailbox_answered"] == 0
    assert body["mailbox_answer_rate"] == 0.0
    assert {(m["month"], m["received"]) for m in body["by_month"]} == {(9, 1), (10, 1)}
    assert {c["channel"]: c["received"] for c in body["by_channel"]} == {
        "hotline_12369": 1,
        "mailbox": 1,
    }
    assert {c["category"] for c in body["by_category"]} == {"air", "water"}
    assert "public" in response["Cache-Control"]

    october = Client().get(f"{URL}/stats", {"year": 2026, "month": 10}).json()
    assert october["received"] == 1 and october["month"] == 10


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": 1999}, "year"),
        ({"year": 2101}, "year"),
        ({"year": 99999999999999999999}, "year"),
        ({"year": "abc"}, "year"),
        ({}, "year"),
        ({"year": 2026, "month": 13}, "month"),
        ({"year": 2026, "month": 0}, "month"),
    ],
)
def test_figures_out_of_range_are_422(params: dict[str, Any], field: str, demo: Any) -> None:
    assert field in fields_of(Client().get(f"{URL}/stats", params))


def test_the_endpoints_are_in_the_openapi_document(demo: Any) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    post = doc["paths"]["/api/v1/complaints"]["post"]
    assert {"201", "400", "422", "429"} <= set(post["responses"])
    get = doc["paths"]["/api/v1/complaints/{case_no}"]["get"]
    assert {p["name"] for p in get["parameters"]} == {"case_no", "verification"}
    assert {"200", "404", "422", "429"} <= set(get["responses"])
    stats = doc["paths"]["/api/v1/complaints/stats"]["get"]
    year = next(p for p in stats["parameters"] if p["name"] == "year")
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (2000, 2100)
    schemas = doc["components"]["schemas"]
    assert schemas["ComplaintIn"]["properties"]["channel"]["enum"] == ["online", "mailbox"]
    kinds = schemas["ComplaintIn"]["properties"]["mailbox_kind"]["anyOf"][0]["enum"]
    assert set(kinds) == {"consultation", "suggestion", "complaint"}
    assert "spam" in schemas["ComplaintStatus"]["properties"]["status"]["enum"]
    for name in ("ComplaintStatus", "ComplaintCreated", "StatisticsOut"):
        text = json.dumps(schemas[name])
        for personal in ("name", "phone", "id_number", "email", "contact_address"):
            assert f'"{personal}"' not in text, (name, personal)
