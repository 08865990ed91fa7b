"""The API base: health, OpenAPI document, docs, one JSON error format."""

from __future__ import annotations

import pytest
from django.test import Client

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
