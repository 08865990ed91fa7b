"""The applications API: submit (201 with the codes; field-level errors; rate limit) and
follow (the same 404 for a wrong and an unknown code; no personal data; no-store)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from lantian.core.roles import Role
from lantian.foi import services
from lantian.foi.forms import ApplicationForm
from lantian.foi.models import Application
from tests.foi.public import ORGANISATION, PERSON, PERSONAL, SHANGHAI, credit_code, register

pytestmark = pytest.mark.django_db
URL = "/api/v1/foi/applications"
BODY = {**PERSON, "privacy_acknowledged": True}


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def submit(client: Client | None = None, **changes: Any) -> Any:
    body = {k: v for k, v in {**BODY, **changes}.items() if v is not None}
    return (client or Client()).post(URL, body, content_type="application/json")


def fields_of(response: Any) -> dict[str, str]:
    error = response.json()["error"]
    assert error["status"] == 422 and error["code"] == "validation_error"
    return {d["loc"][-1]: d["message"] for d in error["details"]}


def test_submitting_answers_201_with_the_codes() -> None:
    response = submit()
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"tracking_code", "verification_code", "status", "received_on"}
    assert body["status"] == "submitted" and body["received_on"] is None  # Art. 31
    application = Application.objects.get(tracking_code=body["tracking_code"])
    assert application.channel == "online"
    assert services.check_verification(application, body["verification_code"])
    assert "no-store" in response["Cache-Control"]
    for value in PERSONAL:
        assert value not in response.content.decode()


def test_an_organisation_submits() -> None:
    assert submit(**{**ORGANISATION, "privacy_acknowledged": True}).status_code == 201


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": None}, "name"),  # missing
        ({"name": "  "}, "name"),  # blank
        ({"id_number": PERSON["id_number"][:-1] + "Y"}, "id_number"),
        (
            {"id_number": "32050219880315123" + ("0" if PERSON["id_number"][-1] != "0" else "1")},
            "id_number",
        ),
        ({"applicant_type": "commercial", "id_type": "resident_id"}, "id_type"),
        ({"phone": "12345"}, "phone"),
        ({"email": "nobody"}, "email"),
        ({"privacy_acknowledged": False}, "privacy_acknowledged"),
        ({"privacy_acknowledged": None}, "privacy_acknowledged"),
        ({"delivery": "carrier pigeon"}, "delivery"),
    ],
)
def test_bad_input_gives_field_level_errors(changes: dict[str, Any], field: str) -> None:
    response = submit(**changes)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert not Application.objects.exists()


def test_all_the_form_errors_at_once() -> None:
    response = submit(
        applicant_type="commercial",
        id_type="credit_code",
        id_number=credit_code()[:-1] + ("0" if credit_code()[-1] != "0" else "1"),
        legal_representative="",
        contact_person="",
    )
    assert {"id_number", "legal_representative", "contact_person"} <= set(fields_of(response))
    detail = response.json()["error"]["details"][0]
    assert detail["loc"][:2] == ["body", "payload"] and detail["message"] and detail["type"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_form_messages_name_their_field_in_the_language(language: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    messages = fields_of(submit(client, phone="12345", postcode="1" * 11))
    with translation.override(language):
        label = {field: str(ApplicationForm.base_fields[field].label) for field in messages}
        prefix = gettext("%(name)s: %(message)s") % {"name": "", "message": ""}
    assert set(messages) == {"phone", "postcode"}
    for field, message in messages.items():
        assert message.startswith(label[field] + prefix.strip()), message
        assert "Ensure this value" not in message and "确保" not in message


def test_a_body_that_is_not_json_is_refused() -> None:
    response = Client().post(URL, "name=x", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["error"]["status"] == response.status_code


def test_submissions_are_rate_limited(settings) -> None:
    settings.FOI_SUBMIT_RATE = "2/hour"
    assert submit().status_code == 201
    assert submit(phone="x").status_code == 422  # refused input does not count
    assert submit().status_code == 201
    refused = submit()
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert Application.objects.count() == 2


# ---------------------------------------------------------------- following


def follow(tracking_code: str, code: str | None, client: Client | None = None) -> Any:
    params = {} if code is None else {"verification": code}
    return (client or Client()).get(f"{URL}/{tracking_code}", params)


@time_machine.travel(datetime(2026, 3, 2, 18, tzinfo=SHANGHAI), tick=False)
def test_following_with_the_code_answers_the_status() -> None:
    application, code = register()  # Monday 2 March 2026, 10:00
    response = follow(application.tracking_code, code)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "tracking_code": application.tracking_code,
        "status": "submitted",
        "status_label": body["status_label"],
        "received_on": None,
        # asked after office hours (17:00): staff can confirm it on Tuesday
        "receipt_expected_on": "2026-03-03",
        "statutory_due": None,
        "provisional": False,
        "extended": False,
        "paused": False,
        "reply_type": None,
        "reply_type_label": None,
        "replied_on": None,
    }
    assert "no-store" in response["Cache-Control"]
    for value in PERSONAL:
        assert value not in response.content.decode()


def test_the_due_date_and_the_reply(staff: dict[Role, Any]) -> None:
    application, code = register()
    services.confirm_receipt(
        actor=staff[Role.ADMINISTRATOR], application=application, received_on=date(2026, 3, 2)
    )
    body = follow(application.tracking_code, code).json()
    assert body["status"] == "accepted" and body["receipt_expected_on"] is None
    assert body["received_on"] == "2026-03-02" and body["statutory_due"] == "2026-03-30"
    assert body["reply_type"] is None
    services.draft_reply(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        reply_type="unable_not_held",
        text="本机关不掌握该信息。",
    )
    services.submit_reply_for_review(actor=staff[Role.CASE_HANDLER], application=application)
    assert follow(application.tracking_code, code).json()["reply_type"] is None  # a draft
    services.approve_reply(
        actor=staff[Role.DEPARTMENT_HEAD], application=application, on=date(2026, 3, 20)
    )
    body = follow(application.tracking_code, code).json()
    assert body["status"] == "replied"
    assert body["reply_type"] == "unable_not_held" and body["reply_type_label"]
    assert body["replied_on"] == "2026-03-20"


def test_a_wrong_code_and_an_unknown_code_get_the_same_404() -> None:
    application, code = register()
    wrong = follow(application.tracking_code, "WRONGCOD")
    unknown = follow("YSQ202699999", code)
    missing = follow(application.tracking_code, None)
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.json() == unknown.json() == missing.json()
    assert "no-store" in wrong["Cache-Control"] and "no-store" in unknown["Cache-Control"]


def test_guessing_is_rate_limited(settings) -> None:
    settings.FOI_TRACK_RATE = "2/hour"
    application, code = register()
    assert follow(application.tracking_code, "WRONGCOD").status_code == 404
    assert follow(application.tracking_code, "WRONGCO2").status_code == 404
    refused = follow(application.tracking_code, code)
    assert refused.status_code == 429 and "Retry-After" in refused


def test_both_endpoints_are_in_the_openapi_document() -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert "post" in doc["paths"]["/api/v1/foi/applications"]
    get = doc["paths"]["/api/v1/foi/applications/{tracking_code}"]["get"]
    assert {p["name"] for p in get["parameters"]} == {"tracking_code", "verification"}
    assert {"201", "422", "429"} <= set(
        doc["paths"]["/api/v1/foi/applications"]["post"]["responses"]
    )
    schema = json.dumps(doc["components"]["schemas"]["ApplicationStatus"])
    for personal in ("name", "phone", "id_number", "email", "address"):
        assert f'"{personal}"' not in schema
