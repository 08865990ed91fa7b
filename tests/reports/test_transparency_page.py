"""The transparency self-score's staff page: who may see it, and what it shows."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from lantian.core.roles import Role
from tests.enforcement.records import decision
from tests.sources.conftest import Plants, plants  # noqa: F401

URL = "/admin/reports/transparency/"
D = date.fromisoformat


def test_anonymous_is_sent_to_sign_in(db: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CASE_HANDLER, Role.DATA_MANAGER])
def test_other_staff_are_refused(client_as: Any, role: Role) -> None:
    assert client_as(role).get(URL).status_code == 403
    assert client_as(role).get(URL, {"format": "json"}).status_code == 403


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.ADMINISTRATOR])
def test_leaders_reviewers_and_administrators_see_it(client_as: Any, role: Role) -> None:
    with time_machine.travel("2027-01-15 10:00 +0800", tick=False):
        response = client_as(role).get(URL, {"year": "2026"})
    assert response.status_code == 200


@time_machine.travel("2027-01-15 10:00 +0800", tick=False)
def test_page_shows_losses_with_links_trend_and_too_little_data(
    client_as: Any,
    plants: Plants,  # noqa: F811
) -> None:
    decision(
        "示环罚〔2026〕1号",
        enterprise=plants.power,
        decided_on=D("2026-03-02"),
        published_on=D("2026-03-04"),
    )
    late = decision(
        "示环罚〔2026〕3号",
        enterprise=plants.other,
        decided_on=D("2026-05-11"),
        published_on=D("2026-06-15"),
    )
    client = client_as(Role.ADMINISTRATOR)
    response = client.get(URL, {"year": "2026"})
    html = response.content.decode()
    # only penalties recorded: the year is not scored as a whole
    assert 'data-testid="insufficient"' in html
    assert 'data-testid="total"' not in html
    # the late decision is named and linked
    assert f'href="/admin/enforcement/penalties/{late.pk}/"' in html
    assert "示环罚〔2026〕3号" in html
    # the trend: a table and its chart data, no inline script
    assert 'data-testid="trend"' in html
    assert 'id="transparency-chart-data" type="application/json"' in html
    assert "<script>" not in html
    chart = response.context["chart"]
    assert chart["x"] == [str(y) for y in range(2021, 2027)]
    assert chart["series"][0]["data"][-1] is None  # no total with too little data
    data = json.loads(client.get(URL, {"year": "2026", "format": "json"}).content)
    supervision = data["classes"][0]
    assert supervision["key"] == "supervision" and supervision["points"] is not None
    assert data["total"] is None and "eia" in data["lacking"]


@time_machine.travel("2027-01-15 10:00 +0800", tick=False)
def test_a_bad_year_falls_back_to_last_year(client_as: Any) -> None:
    response = client_as(Role.ADMINISTRATOR).get(URL, {"year": "abc"})
    assert response.context["year"] == 2026
    response = client_as(Role.ADMINISTRATOR).get(URL, {"year": "1990"})
    assert response.context["year"] == 2026
