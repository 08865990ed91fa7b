"""A month is finished only when its data is (GB 3095-2012 Table 4; decision 0015).

The monthly report's page, PDF and DOCX, the ranking page and the JSON of
``/api/v1/air/reports/monthly/{YYYY-MM}`` for a complete month (March 2026), a month
with a gap (June 2025, 25 valid days) and the running month (December 2026, 5 days; the
clock stands on 2026-12-07). Every change against last year is recomputed from the
printed figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lantian.air import documents, selectors
from lantian.air.models import CITY, AreaDay
from lantian.air.monthly import POLLUTANTS, published_change, round_half_even
from lantian.air.services import ingest_payload, save_station
from lantian.config.api import api

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=CST)  # December 2026 is still running
REPORT_API = "/api/v1/air/reports/monthly/"
OPTIONAL_KEYS = {"ranking", "last_year", "year_on_year"}
# March 2026 printed: SO2 10, NO2 36, CO 0.8, O3 152, PM10 72, PM2.5 28.5 → 28 (half to
# even); with the 2026 transitional limits 10/60 + 36/40 + 0.8/4 + 152/160 + 72/60 +
# 28/30 = 4.35.
MARCH = dict(so2=10, no2=36, co=0.8, o3_8h=152, pm10=72)
# March 2025 printed: 12, 40, 1.0, 160, 77, 30.5 → 30; GB 3095-2012 limits:
# 0.2 + 1 + 0.25 + 1 + 1.1 + 30/35 = 4.4071… → 4.41.
MARCH_2025 = dict(so2=12, no2=40, co=1.0, o3_8h=160, pm10=77, pm25=30.5)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    """The clock on 2026-12-07, and no report file cached by another test: data made
    here without an ingestion batch all share data version 0."""
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def add_month(area: str, start: date, n: int, *, good: int | None = None, **values: float) -> None:
    """n days from ``start`` with constant values; the first ``good`` days (all by
    default) have AQI 60, the others 120."""
    good = n if good is None else good
    AreaDay.objects.bulk_create(
        AreaDay(
            area=area,
            day=start + timedelta(days=i),
            stations=1,
            aqi=60 if i < good else 120,
            level=2 if i < good else 3,
            **values,
        )
        for i in range(n)
    )


@pytest.fixture
def march() -> None:
    """March 2026 and March 2025 complete; two complete districts and 南区 with 20 days."""
    add_month(CITY, date(2026, 3, 1), 31, good=28, pm25=28.5, **MARCH)
    add_month(CITY, date(2025, 3, 1), 31, good=25, **MARCH_2025)
    add_month("东区", date(2026, 3, 1), 31, pm25=45, **MARCH)
    add_month("西区", date(2026, 3, 1), 31, pm25=15, **MARCH)
    add_month("南区", date(2026, 3, 1), 20, pm25=10, **MARCH)


@pytest.fixture
def june_2025() -> None:
    """25 valid days of June 2025 (fewer than 27); June 2024 and a district complete."""
    add_month(CITY, date(2025, 6, 1), 25, pm25=30, **MARCH)
    add_month(CITY, date(2024, 6, 1), 30, pm25=40, **MARCH)
    add_month("东区", date(2025, 6, 1), 30, pm25=30, **MARCH)


@pytest.fixture
def december_2026() -> None:
    """The running month: December 1–5, 2026; December 2025 complete."""
    add_month(CITY, date(2026, 12, 1), 5, pm25=50, **MARCH)
    add_month(CITY, date(2025, 12, 1), 31, pm25=60, **MARCH)
    add_month("东区", date(2026, 12, 1), 5, pm25=50, **MARCH)


def report_json(client: Client, month: str) -> dict[str, Any]:
    response = client.get(REPORT_API + month)
    assert response.status_code == 200, response.content
    return response.json()


def page(client: Client, year: int, month: int) -> str:
    response = client.get(f"/environment/air/report/{year}-{month}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, name: str, following: str) -> str:
    return html[html.index(f'id="report-{name}"') : html.index(f'id="report-{following}"')]


def pdf_text(year: int, month: int) -> str:
    """The text WeasyPrint laid out on the PDF's pages."""
    from weasyprint.formatting_structure.boxes import TextBox

    report = selectors.monthly_report(year, month)
    assert report is not None
    with translation.override("zh-hans"):
        document = documents.pdf_document(report, documents.report_context(report))
    return "".join(
        box.text
        for pdf_page in document.pages
        for box in pdf_page._page_box.descendants()
        if isinstance(box, TextBox)
    )


def docx_of(client: Client, year: int, month: int) -> Any:
    response = client.get(f"/environment/air/report/{year}-{month}.docx")
    assert response.status_code == 200
    return docx.Document(BytesIO(response.content))


def zh(message: str, **values: Any) -> str:
    with translation.override("zh-hans"):
        return _(message) % values


# --------------------------------------------------------------------------- the engine


def test_a_complete_month_is_ranked_and_compared(march: None) -> None:
    report = selectors.monthly_report(2026, 3)
    assert report is not None and report.complete and not report.city.running
    assert report.city.valid_days == 31
    assert report.city.composite.published == 4.35
    assert report.last_year is not None and report.last_year.composite.published == 4.41
    change = report.change
    assert change is not None and not change.same_limits
    assert change.concentrations_percent == {
        "so2": -16.7,  # (10 − 12) / 12
        "no2": -10.0,
        "co": -20.0,  # (0.8 − 1.0) / 1.0
        "o3_8h": -5.0,
        "pm10": -6.5,  # (72 − 77) / 77 = −6.49…
        "pm25": -6.7,  # (28 − 30) / 30, not (28.5 − 30.5) / 30.5 = −6.6
    }
    assert change.composite_percent == -1.4  # (4.35 − 4.41) / 4.41 = −1.36…
    assert change.good_ratio_points == 9.7  # 90.3 % (28/31) − 80.6 % (25/31)
    assert [(r.rank, r.area.area) for r in report.ranking] == [
        (1, "西区"),
        (2, "东区"),
        (None, "南区"),  # 20 valid days: listed, not ranked
    ]


def test_a_month_with_25_valid_days_is_incomplete(june_2025: None) -> None:
    report = selectors.monthly_report(2025, 6)
    assert report is not None
    assert not report.complete and not report.city.running and report.city.valid_days == 25
    assert report.ranking == [] and report.change is None


def test_the_running_month_is_incomplete(december_2026: None) -> None:
    report = selectors.monthly_report(2026, 12)
    assert report is not None and report.city.running and not report.complete
    assert report.city.as_of == date(2026, 12, 5)
    assert report.ranking == [] and report.change is None


# --------------------------------------------------------------------------- the API


def test_api_complete_month(client: Client, march: None) -> None:
    body = report_json(client, "2026-03")
    assert body["complete"] is True and body["running"] is False
    assert body["valid_days"] == 31 and body["min_valid_days"] == 27
    assert body["as_of"] == "2026-03-31"
    assert body["good_ratio"] == 90.3 and body["composite_index"] == 4.35
    pm25 = next(p for p in body["pollutants"] if p["pollutant"] == "pm25")
    assert pm25 == {
        "pollutant": "pm25",
        "statistic": "mean",
        "value": 28.0,
        "unit": "µg/m³",
        "limit": 30.0,
        "sub_index": 0.93,
        "valid_days": 31,
    }
    assert body["last_year"]["month"] == "2025-03" and body["last_year"]["composite_index"] == 4.41
    assert body["year_on_year"]["pollutants_percent"]["pm25"] == -6.7
    assert [(d["rank"], d["district"], d["complete"]) for d in body["ranking"]] == [
        (1, "西区", True),
        (2, "东区", True),
        (None, "南区", False),
    ]
    south = body["ranking"][2]
    assert south["valid_days"] == 20 and south["composite_index"] is None


def test_api_change_recomputed_from_the_printed_figures(client: Client, march: None) -> None:
    """Whoever takes the printed figures gets the printed change, to the last digit."""
    body = report_json(client, "2026-03")
    last, yoy = body["last_year"], body["year_on_year"]
    for p in body["pollutants"]:
        name = p["pollutant"]
        assert yoy["pollutants_percent"][name] == published_change(
            p["value"], last["pollutants"][name]
        ), name
    assert yoy["composite_index_percent"] == published_change(
        body["composite_index"], last["composite_index"]
    )
    assert yoy["good_ratio_points"] == round_half_even(body["good_ratio"] - last["good_ratio"], 1)


def test_api_incomplete_month_has_no_ranking_and_no_comparison(
    client: Client, june_2025: None
) -> None:
    body = report_json(client, "2025-06")
    assert body["complete"] is False and body["running"] is False
    assert body["valid_days"] == 25 and body["min_valid_days"] == 27
    assert not OPTIONAL_KEYS & body.keys()
    assert body["composite_index"] is not None  # the figures, marked indicative


def test_api_running_month(client: Client, december_2026: None) -> None:
    body = report_json(client, "2026-12")
    assert body["complete"] is False and body["running"] is True
    assert body["as_of"] == "2026-12-05" and body["valid_days"] == 5
    assert not OPTIONAL_KEYS & body.keys()


def test_api_no_comparison_when_last_year_is_incomplete(client: Client) -> None:
    """April 2026 is complete, April 2025 has 26 valid days: a ranking, no comparison."""
    add_month(CITY, date(2026, 4, 1), 30, pm25=30, **MARCH)
    add_month(CITY, date(2025, 4, 1), 26, pm25=40, **MARCH)
    add_month("东区", date(2026, 4, 1), 30, pm25=30, **MARCH)
    body = report_json(client, "2026-04")
    assert body["complete"] is True and [d["rank"] for d in body["ranking"]] == [1]
    assert not {"last_year", "year_on_year"} & body.keys()
    html = page(client, 2026, 4)
    note = zh(
        "No comparison: the same month last year has %(days)s valid days, fewer than the "
        "%(min)s GB 3095 requires.",
        days=26,
        min=27,
    )
    assert note in section(html, "last-year", "ranking")


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-00", "2026-3", "26-03", "2026-3-1", "abcd-ef", "1899-12", "2101-01"]
)
def test_api_refuses_a_bad_month(client: Client, march: None, month: str) -> None:
    response = client.get(REPORT_API + month)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [d["loc"] for d in error["details"]] == [["path", "month"]]
    assert "month" in error["details"][0]["message"]


@pytest.mark.parametrize("month", ["2026-02", "1900-01", "2100-12"])
def test_api_404_for_a_month_without_data(client: Client, march: None, month: str) -> None:
    response = client.get(REPORT_API + month)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_is_documented() -> None:
    operation = api.get_openapi_schema()["paths"]["/api/v1/air/reports/monthly/{month}"]["get"]
    assert {200, 404, 422} <= set(operation["responses"])
    (parameter,) = operation["parameters"]
    assert parameter["in"] == "path" and parameter["required"]
    assert parameter["schema"]["pattern"] == "^[0-9]{4}-(0[1-9]|1[0-2])$"
    assert parameter["schema"]["maxLength"] == 7
    schema = api.get_openapi_schema()["components"]["schemas"]["MonthlyReportOut"]
    assert {"complete", "running", "as_of", "valid_days", *OPTIONAL_KEYS} <= set(
        schema["properties"]
    )
    assert {"ranking", "last_year", "year_on_year"}.isdisjoint(schema.get("required", []))
    pollutant = api.get_openapi_schema()["components"]["schemas"]["PollutantMonthOut"]
    assert pollutant["properties"]["pollutant"]["enum"] == list(POLLUTANTS)
    assert pollutant["properties"]["statistic"]["enum"] == ["mean", "p95", "p90"]


@pytest.mark.parametrize(("hours", "valid_days", "complete"), [(20, 27, True), (19, 26, False)])
def test_a_day_needs_20_hours(client: Client, hours: int, valid_days: int, complete: bool) -> None:
    """Ingested hours: 26 whole days of March 2025 and a 27th with 20 or 19 hours."""
    save_station(actor=None, code="A1", name="甲", district="东区", latitude=31, longitude=120)
    start = datetime(2025, 3, 1, tzinfo=CST)
    ends = [start + timedelta(hours=h) for h in range(1, 26 * 24 + hours + 1)]
    lines = "".join(f"A1,{end.isoformat()},6,30,0.6,80,60,40\n" for end in ends)
    ingest_payload(
        actor=None,
        content=("station,time,so2,no2,co,o3,pm10,pm25\n" + lines).encode(),
        filename="march.csv",
    )
    body = report_json(client, "2025-03")
    assert body["valid_days"] == valid_days and body["complete"] is complete
    assert body["as_of"] == "2025-03-27"
    assert ("ranking" in body) is complete


# --------------------------------------------------------------------------- page, PDF, DOCX


def test_page_of_the_running_month(client: Client, december_2026: None) -> None:
    html = page(client, 2026, 12)
    headline = zh("As of %(day)s: %(days)s valid days", day="12月5日", days=5)
    assert headline in html and "12月5日" in html
    assert "有效天数" in html
    status = html[html.index('id="report-status"') : html.index('id="report-levels"')]
    assert headline in status
    last_year = section(html, "last-year", "ranking")
    assert "<table" not in last_year
    assert zh("No comparison with the same month last year: this month is not complete.") in (
        last_year
    )
    ranking = section(html, "ranking", "method")
    assert "<table" not in ranking
    assert zh("The districts are ranked only for a complete month.") in ranking


def test_page_of_a_month_with_a_gap(client: Client, june_2025: None) -> None:
    html = page(client, 2025, 6)
    assert zh("Incomplete month: %(days)s valid days", days=25) in html
    assert "有效天数" in html
    assert "<table" not in section(html, "last-year", "ranking")
    assert "<table" not in section(html, "ranking", "method")


def test_page_of_a_complete_month(client: Client, march: None) -> None:
    html = page(client, 2026, 3)
    assert 'id="report-status"' not in html
    ranking = section(html, "ranking", "method")
    rows = re.findall(r"<tr><td[^>]*>([^<]+)</td><th scope=\"row\">([^<]+)</th>", ranking)
    assert rows == [("1", "西区"), ("2", "东区"), (zh("Not ranked"), "南区")]


def test_page_change_recomputed_from_the_printed_figures(client: Client, march: None) -> None:
    """Each row of the comparison table: this month, last year, change, as printed."""
    table = section(page(client, 2026, 3), "last-year", "ranking")
    rows = re.findall(
        r'<td class="num">([^<]+)</td><td class="num">([^<]+)</td><td class="num">([^<]+)</td>',
        table,
    )
    assert len(rows) == 8  # good-days ratio, composite index, six pollutants
    for now, before, change in rows:
        if now.endswith("%"):  # the good-days ratio: a change in percentage points
            points = round_half_even(float(now[:-1]) - float(before[:-1]), 1)
            assert change.startswith(f"{points:+.1f}"), (now, before, change)
        else:
            expected = published_change(float(now), float(before))
            assert change == f"{expected:+.1f}%", (now, before, change)
    assert ("28", "30", "-6.7%") in rows and ("4.35", "4.41", "-1.4%") in rows


def test_pdf_shows_the_running_month(december_2026: None) -> None:
    text = pdf_text(2026, 12)
    assert zh("As of %(day)s: %(days)s valid days", day="12月5日", days=5) in text
    assert zh("The districts are ranked only for a complete month.") in text


def test_pdf_of_a_complete_month_has_no_status(march: None) -> None:
    text = pdf_text(2026, 3)
    assert zh("Not ranked") in text
    assert zh("As of %(day)s: %(days)s valid days", day="3月31日", days=31) not in text


def test_charts_of_a_complete_month(march: None) -> None:
    """The ranking chart draws the ranked districts only: 南区 (20 days) stays out."""
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    with translation.override("zh-hans"):
        drawn = documents.charts(report)
    assert [c.key for c in drawn] == ["levels", "daily", "ranking"]
    assert all(c.png.startswith(b"\x89PNG") for c in drawn)
    assert "西区" in drawn[2].alt and "东区" in drawn[2].alt and "南区" not in drawn[2].alt


def test_docx_shows_the_incomplete_month(client: Client, june_2025: None) -> None:
    document = docx_of(client, 2025, 6)
    paragraphs = [p.text for p in document.paragraphs]
    assert zh("Incomplete month: %(days)s valid days", days=25) in paragraphs
    assert zh("No comparison with the same month last year: this month is not complete.") in (
        paragraphs
    )
    assert zh("The districts are ranked only for a complete month.") in paragraphs
    assert len(document.tables) == 3  # levels, days, concentrations: no comparison, no ranking


def test_docx_of_a_complete_month(client: Client, march: None) -> None:
    document = docx_of(client, 2026, 3)
    assert len(document.tables) == 5
    ranking = document.tables[4]
    assert [row.cells[0].text for row in ranking.rows[1:]] == ["1", "2", zh("Not ranked")]
    assert [row.cells[-1].text for row in ranking.rows[1:]] == ["31", "31", "20"]


def test_report_file_changes_when_the_month_ends(client: Client) -> None:
    """No new data, but December is over: the DOCX is rendered again, now final."""
    add_month(CITY, date(2026, 12, 1), 31, pm25=50, **MARCH)
    headline = zh("As of %(day)s: %(days)s valid days", day="12月31日", days=31)
    with time_machine.travel(datetime(2026, 12, 31, 20, tzinfo=CST), tick=False):
        assert headline in [p.text for p in docx_of(client, 2026, 12).paragraphs]
    with time_machine.travel(datetime(2027, 1, 1, 8, tzinfo=CST), tick=False):
        assert headline not in [p.text for p in docx_of(client, 2026, 12).paragraphs]


# --------------------------------------------------------------------------- ranking page


def test_ranking_page_of_the_running_month(client: Client, december_2026: None) -> None:
    html = client.get("/environment/air/ranking/2026-12/").content.decode()
    assert zh("As of %(day)s: %(days)s valid days", day="12月5日", days=5) in html
    assert 'id="table-ranking"' not in html


def test_ranking_page_opens_on_the_newest_finished_month(
    client: Client, march: None, december_2026: None
) -> None:
    html = client.get("/environment/air/ranking/").content.decode()
    assert "2026-03" in html and 'id="table-ranking"' in html
    table = html[html.index('id="table-ranking"') :]
    assert table.index("西区") < table.index("东区") < table.index("南区")
    assert date_format(date(2026, 12, 5), "MONTH_DAY_FORMAT") not in html
