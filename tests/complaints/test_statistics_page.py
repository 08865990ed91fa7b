"""`/interaction/statistics/`: received, accepted, answered and answered on time, by
month, channel, category and district, each chart with its table; the director's
mailbox answer rate; the current incomplete period labelled and not compared; spam not
counted; bad parameters refused."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from lantian.complaints import services
from lantian.core.roles import Role
from tests.complaints.public import districts

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, tzinfo=CST)
URL = "/interaction/statistics/"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def cases(demo: Any, staff: dict[Role, Any]) -> dict[str, Any]:
    """October 2026: three online complaints (one answered on time, one answered late,
    one still open) and two mailbox letters (one answered); one spam message; November
    2026: one more complaint; September 2026: one."""
    admin = staff[Role.ADMINISTRATOR]
    district = districts()["东城区"]

    def case(received: date, channel: str = "online", category: str = "air", **kw: Any) -> Any:
        complaint, _code = services.register_complaint(
            actor=None,
            channel=channel,
            category=category,
            title="异味",
            description="夜间异味扰民。",
            submitted_at=datetime(received.year, received.month, received.day, 9, tzinfo=CST),
            district=district if channel == "online" else None,
            anonymous=True,
        )
        return complaint

    on_time = case(date(2026, 10, 8))
    services.accept(actor=admin, complaint=on_time, on=date(2026, 10, 9))
    services.reply(actor=admin, complaint=on_time, text="已处理。", on=date(2026, 10, 30))
    late = case(date(2026, 10, 1), category="noise")
    services.accept(actor=admin, complaint=late, on=date(2026, 10, 16))  # 15 days: on time
    # handling due 60 days after acceptance (2026-12-15): answered late only after that
    open_case = case(date(2026, 10, 20), category="water")
    letter = case(date(2026, 10, 12), channel="mailbox", category="other")
    services.accept(actor=admin, complaint=letter, on=date(2026, 10, 13))
    services.reply(actor=admin, complaint=letter, text="感谢建议。", on=date(2026, 10, 20))
    case(date(2026, 10, 14), channel="mailbox", category="other")
    spam = case(date(2026, 10, 15))
    services.mark_invalid(actor=admin, complaint=spam, reason="广告", on=date(2026, 10, 15))
    case(date(2026, 11, 3))
    case(date(2026, 9, 3))
    return {"on_time": on_time, "late": late, "open": open_case}


def table(html: str, test_id: str) -> list[list[str]]:
    body = re.search(rf'data-testid="{test_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_a_complete_month(client: Client, cases: dict[str, Any]) -> None:
    response = client.get(URL, {"year": 2026, "month": 10})
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["received"] == 5  # spam not counted
    assert stats["invalid"] == 1
    assert stats["accepted"] == 3
    assert stats["closed"] == 2 and stats["closed_on_time"] == 2
    assert stats["mailbox_received"] == 2 and stats["mailbox_answered"] == 1
    html = response.content.decode()
    assert response.context["state"] == "complete"
    assert 'data-testid="incomplete"' not in html
    assert "1 of 2 letters answered" in html and "50%" in html
    # compared with September (one received)
    assert "In 2026, month 9: 1 received." in html
    assert table(html, "chart-channel-table") == [
        ["Online complaint", "3", "1"],
        ["Director&#x27;s mailbox", "2", "1"],
    ]
    assert ["Dongcheng District", "3", "1"] in table(html, "chart-district-table")
    assert ["Not given", "2", "1"] in table(html, "chart-district-table")
    assert "chart-month" not in html  # one month: no monthly chart
    assert response.context.get("few")  # 5 cases: rates say little
    assert 'data-testid="few"' in html


def test_the_year_so_far_is_incomplete_and_not_compared(
    client: Client, cases: dict[str, Any]
) -> None:
    response = client.get(URL)  # this year by default
    assert response.context["year"] == 2026 and response.context["month"] is None
    assert response.context["state"] == "incomplete" and response.context["comparison"] is None
    html = response.content.decode()
    assert 'data-testid="incomplete"' in html and 'data-testid="comparison"' not in html
    months = table(html, "chart-month-table")
    assert len(months) == 11  # January to November: December has not begun
    assert months[8] == ["2026-09", "1", "0"]
    assert months[9] == ["2026-10", "5", "2"]
    assert months[10] == ["2026-11 (incomplete)", "1", "0"]
    # a table under every chart, and the charts' data for ECharts
    specs = json.loads(
        re.search(r'id="complaints-charts-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert [s["id"] for s in specs] == [
        "chart-month",
        "chart-channel",
        "chart-category",
        "chart-district",
    ]
    for spec in specs:
        assert f'data-testid="{spec["id"]}-table"' in html
    assert specs[0]["series"][0]["data"][9] == 5
    assert "echarts.min.js" in html


def test_the_current_month_is_incomplete(client: Client, cases: dict[str, Any]) -> None:
    response = client.get(URL, {"year": 2026, "month": 11})
    assert response.context["state"] == "incomplete"
    assert response.context["stats"]["received"] == 1
    assert 'data-testid="incomplete"' in response.content.decode()


def test_an_empty_period_says_so(client: Client, demo: Any) -> None:
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="no-cases"' in html
    assert "echarts.min.js" not in html
    future = client.get(URL, {"year": 2026, "month": 12})
    assert 'data-testid="future"' in future.content.decode()


def test_bad_parameters_are_not_found(client: Client, demo: Any) -> None:
    for params in ({"year": 1999}, {"year": 2026, "month": 13}, {"year": 2030}):
        assert client.get(URL, params).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 200  # ignored: this year


def test_the_years_offered_run_from_the_first_case_to_this_year(
    client: Client, register: Any
) -> None:
    from lantian.complaints import selectors

    assert selectors.statistics_years(date(2026, 11, 20)) == [2026]  # no case yet
    register(received_on=date(2024, 6, 3))
    assert selectors.statistics_years(date(2026, 11, 20)) == [2026, 2025, 2024]
    assert client.get(URL).context["years"] == [2026, 2025, 2024]
