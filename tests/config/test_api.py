"""The API base: health, OpenAPI document (valid, every choice an enum), docs, one JSON
error format whose messages are in the request's language and name their field."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_health_checks_the_database() -> None:
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_health_reports_a_broken_database(monkeypatch) -> None:
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_openapi_document_lists_the_endpoints() -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Lantian API"
    assert "/api/v1/health" in doc["paths"]
    assert "/api/v1/calendar/add-working-days" in doc["paths"]


def test_interactive_docs_are_served_without_external_hosts() -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_working_day_endpoint() -> None:
    body = (
        Client().get("/api/v1/calendar/add-working-days", {"date": "2026-09-21", "days": 20}).json()
    )
    assert body == {"date": "2026-10-26", "provisional": False}
    day = Client().get("/api/v1/calendar/day", {"date": "2026-10-10"}).json()
    assert day["kind"] == "working"


def test_validation_errors_name_the_field() -> None:
    response = Client().get("/api/v1/calendar/add-working-days", {"date": "2026-02-30", "days": -1})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    fields = {detail["loc"][-1] for detail in error["details"]}
    assert fields == {"date", "days"}


def test_unknown_endpoint_uses_the_error_format() -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_method_uses_the_error_format() -> None:
    response = Client().post("/api/v1/health")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


# ---------------------------------------------------------------- the document


def test_the_openapi_document_is_valid() -> None:
    # what a client generator reads: OpenAPI 3.1 checked by openapi-spec-validator
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)


# Every choice the API takes or answers, with its values: each is an enum of the
# document, so a generated client checks a value before it sends it.
CHOICES = [
    ("ErrorBody", "code", {"validation_error", "not_found", "too_many_requests", "error"}),
    ("Health", "status", {"ok", "degraded"}),
    ("DayKindAnswer", "kind", {"working", "holiday", "weekend"}),
    ("ApplicationIn", "applicant_type", {"natural_person", "public_interest"}),
    ("ApplicationIn", "id_type", {"resident_id", "credit_code", "passport"}),
    ("ApplicationIn", "form", {"paper", "electronic"}),
    ("ApplicationIn", "delivery", {"post", "email", "pick_up"}),
    ("ApplicationCreated", "status", {"submitted", "accepted", "replied"}),
    ("ApplicationStatus", "status", {"submitted", "accepted", "in_progress", "closed"}),
    ("ApplicationStatus", "reply_type", {"disclose", "partly_disclose", "unable_not_held"}),
    ("DisclosureOut", "kind", {"document", "policy", "interpretation", "news"}),
    ("DisclosureOut", "validity", {"valid", "expired", "repealed"}),
    ("DisclosureDetailOut", "validity", {"valid", "expired", "repealed"}),
    ("StationOut", "kind", {"national", "city", "traffic"}),
    ("HourOut", "primary", {"pm25", "o3", "o3_8h"}),
    ("HourOut", "invalid", {"so2", "pm10"}),
    ("HourOut", "level", {1, 6}),
    ("AreaNowOut", "category", {"优", "严重污染"}),
    ("LevelOut", "color", {"#00E400", "#7E0023"}),
    ("ForecastDayOut", "primary", {"", "pm25", "o3_8h"}),
    ("ForecastDayOut", "level_high", {1, 2, 3, 4, 5, 6}),
    ("LevelDaysOut", "category_en", {"Excellent", "Severely polluted"}),
    ("MonthlyReportOut", "standard", {"GB 3095-2012", "GB 3095-2026"}),
    ("MonthlyReportOut", "largest_sub_index", {"pm25", "o3_8h"}),
    ("PollutantMonthOut", "pollutant", {"so2", "co", "o3_8h"}),
    ("PollutantMonthOut", "statistic", {"mean", "p95", "p90"}),
    ("PollutantMonthOut", "unit", {"µg/m³", "mg/m³"}),
    ("LastYearOut", "pollutants", {"pm25", "co"}),  # the keys of an object
    ("YearOnYearOut", "pollutants_percent", {"pm25", "co"}),
]


def _enum(schema: dict) -> list:
    """The enum of a property, through ``anyOf`` (optional), ``items`` (lists) and
    ``propertyNames`` (an object's keys)."""
    for option in schema.get("anyOf", [schema]):
        option = option.get("items", option.get("propertyNames", option))
        if "enum" in option:
            return option["enum"]
    return []


@pytest.mark.parametrize(("schema", "field", "some"), CHOICES)
def test_every_choice_is_an_enum(schema: str, field: str, some: set) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    values = _enum(doc["components"]["schemas"][schema]["properties"][field])
    assert some <= set(values), (schema, field, values)


def test_a_choice_parameter_is_an_enum() -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    [kind] = [
        p for p in doc["paths"]["/api/v1/disclosures"]["get"]["parameters"] if p["name"] == "kind"
    ]
    assert {"document", "policy", "news"} <= set(_enum(kind["schema"]))


# ---------------------------------------------------------------- messages


def _details(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {detail["loc"][-1]: detail["message"] for detail in response.json()["error"]["details"]}


def _client(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# pydantic's own wording, which must never reach a client
PYDANTIC_ENGLISH = ("Input should", "Field required", "valid integer", "String should")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_validation_messages_are_ours_in_the_language_and_name_the_field(language: str) -> None:
    response = _client(language).get(
        "/api/v1/calendar/add-working-days", {"date": "2026-02-30", "days": "ten"}
    )
    messages = _details(response)
    with translation.override(language):
        assert messages == {
            "date": gettext("%(name)s must be a date written YYYY-MM-DD.") % {"name": "date"},
            "days": gettext("%(name)s must be a whole number.") % {"name": "days"},
        }
        assert response.json()["error"]["message"] == gettext("The request has invalid fields.")
    for message in messages.values():
        assert not any(english in message for english in PYDANTIC_ENGLISH), message


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_body_missing_fields_names_each_one(language: str) -> None:
    response = _client(language).post(
        "/api/v1/foi/applications", {"name": 5, "fee_waiver_requested": "maybe"}, "application/json"
    )
    messages = _details(response)
    with translation.override(language):
        required = gettext("%(name)s is required.")
        assert messages["applicant_type"] == required % {"name": "applicant_type"}
        assert messages["privacy_acknowledged"] == required % {"name": "privacy_acknowledged"}
        assert messages["name"] == gettext("%(name)s must be text.") % {"name": "name"}
        assert messages["fee_waiver_requested"] == gettext("%(name)s must be true or false.") % {
            "name": "fee_waiver_requested"
        }
    assert not any(e in m for m in messages.values() for e in PYDANTIC_ENGLISH), messages


def test_a_wrong_choice_lists_the_choices() -> None:
    response = _client("en").post(
        "/api/v1/foi/applications", {"delivery": "carrier pigeon"}, "application/json"
    )
    assert _details(response)["delivery"] == "delivery must be one of: post, email, pick_up."
    wrong_kind = _client("en").get("/api/v1/disclosures", {"kind": "gossip"})
    assert "document" in _details(wrong_kind)["kind"]


def test_the_messages_of_a_validator_of_ours_are_kept() -> None:
    # a custom error may reuse a pydantic type name (too_long): its own message stays
    response = _client("en").get("/api/v1/disclosures", {"q": "环" * 101})
    assert _details(response)["q"] == "q must have at most 100 characters."


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_body_that_is_not_json_gets_a_message_in_the_language(language: str) -> None:
    response = _client(language).post("/api/v1/foi/applications", "name=x", "application/json")
    assert response.status_code == 400
    with translation.override(language):
        assert response.json()["error"]["message"] == gettext("The request body is not valid JSON.")
    wrong_method = _client(language).delete("/api/v1/health")
    assert wrong_method.status_code == 405
    with translation.override(language):
        expected = gettext("This method is not allowed on this endpoint.")
    assert wrong_method.json()["error"]["message"] == expected
