"""Forecasts: HJ 633-2026 asks for at least three days ahead; AQI ranges give level ranges."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.air.models import Forecast, check_forecast_days
from lantian.air.services import issue_forecast
from lantian.core.roles import Role

ISSUED = datetime(2026, 3, 10, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 3, 10)


def days(first: date, n: int, low: int = 30, high: int = 60) -> list[dict]:
    return [
        {"day": first + timedelta(days=i), "aqi_low": low, "aqi_high": high, "primary": "pm25"}
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("offsets", "fine"),
    [
        ([1, 2, 3], True),  # the three days after issue
        ([0, 1, 2], True),  # from the day of issue
        ([1, 2, 3, 4, 5], True),
        ([1, 2], False),  # two days are too few (HJ 633-2026: at least three)
        ([2, 3, 4], False),  # must start on the day of issue or the next
        ([1, 2, 4], False),  # a gap
        ([1, 1, 2, 3], False),  # a day twice
    ],
)
def test_forecast_days_rule(offsets: list[int], fine: bool) -> None:
    problems = check_forecast_days([TODAY + timedelta(days=o) for o in offsets], TODAY)
    assert (problems == []) is fine


@pytest.mark.django_db
def test_issue_forecast_stores_days_and_audits(staff) -> None:
    forecast = issue_forecast(
        actor=staff[Role.DATA_MANAGER], issued_at=ISSUED, days=days(date(2026, 3, 11), 3)
    )
    assert forecast.days.count() == 3
    assert forecast.issued_by == staff[Role.DATA_MANAGER]
    assert ModelLogEntry.objects.for_instance(forecast).filter(action="wagtail.create").exists()


@pytest.mark.django_db
def test_bad_forecasts_are_refused_with_the_day_named() -> None:
    with pytest.raises(ValidationError) as err, translation.override("en"):
        issue_forecast(actor=None, issued_at=ISSUED, days=days(date(2026, 3, 11), 2))
    assert "at least 3 days" in " ".join(err.value.messages)
    bad = days(date(2026, 3, 11), 3)
    bad[1].update(aqi_low=120, aqi_high=80)
    with pytest.raises(ValidationError) as err:
        issue_forecast(actor=None, issued_at=ISSUED, days=bad)
    assert any(m.startswith("2026-03-12:") for m in err.value.messages)
    bad[1].update(aqi_low=300, aqi_high=501)
    with pytest.raises(ValidationError):
        issue_forecast(actor=None, issued_at=ISSUED, days=bad)
    assert not Forecast.objects.exists()


@pytest.mark.parametrize(
    ("aqi", "level"),
    [
        (0, 1),
        (50, 1),
        (51, 2),
        (100, 2),
        (101, 3),
        (150, 3),
        (151, 4),
        (200, 4),
        (201, 5),
        (300, 5),
        (301, 6),
        (500, 6),
    ],
)
def test_level_range_follows_the_aqi_breakpoints(aqi: int, level: int) -> None:
    from lantian.air.aqi import level_of

    assert level_of(aqi, "cn", date(2026, 3, 1)) == level
    assert level_of(aqi, "hj633-2012") == level


def test_us_epa_levels() -> None:
    from lantian.air.aqi import level_of

    assert [level_of(a, "us-epa") for a in (50, 51, 100, 101, 150, 151, 200, 201, 300, 301)] == [
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        6,
    ]


@pytest.mark.django_db
def test_back_office_form_refuses_two_days(client_as) -> None:
    client = client_as(Role.DATA_MANAGER)
    url = "/admin/air/forecasts/add/"
    assert client.get(url).status_code == 200
    form = {
        "area": "city",
        "issued_at": "2026-03-10 16:00",
        "summary": "",
        "summary_en": "",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "3",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, day in enumerate(["2026-03-11", "2026-03-12"]):
        form |= {
            f"days-{i}-day": day,
            f"days-{i}-aqi_low": "40",
            f"days-{i}-aqi_high": "70",
            f"days-{i}-primary": "pm25",
            f"days-{i}-advice": "",
            f"days-{i}-advice_en": "",
            f"days-{i}-ORDER": str(i + 1),
            f"days-{i}-id": "",
            f"days-{i}-DELETE": "",
        }
    response = client.post(url, form)
    assert response.status_code == 200  # the form again, with errors
    assert not Forecast.objects.exists()
    three = form | {
        "days-TOTAL_FORMS": "3",
        "days-2-day": "2026-03-13",
        "days-2-aqi_low": "60",
        "days-2-aqi_high": "90",
        "days-2-primary": "pm25",
        "days-2-advice": "",
        "days-2-advice_en": "",
        "days-2-ORDER": "3",
        "days-2-id": "",
        "days-2-DELETE": "",
    }
    response = client.post(url, three)
    assert response.status_code == 302, response.content.decode()[:2000]
    forecast = Forecast.objects.get()
    assert forecast.days.count() == 3
    assert forecast.issued_by is not None


@pytest.mark.django_db
def test_editors_cannot_issue_forecasts(client_as) -> None:
    assert client_as(Role.EDITOR).get("/admin/air/forecasts/add/").status_code in (
        302,
        403,
    )
