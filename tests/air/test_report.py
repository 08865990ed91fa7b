"""Monthly report: selectors over AreaDay, the page, the PDF and the DOCX."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from io import BytesIO
from typing import Any

import docx
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantian.air import documents, selectors
from lantian.air.models import CITY, AreaDay
from lantian.air.monthly import GB3095_2026_TRANSITIONAL
from lantian.air.services import ingest_payload, save_station

pytestmark = pytest.mark.django_db
CST = timezone(timedelta(hours=8))
FIELDS = ("so2", "no2", "co", "o3_8h", "pm10", "pm25", "aqi", "level")


def add_days(area: str, start: date, **columns: list[Any]) -> None:
    n = len(next(iter(columns.values())))
    for i in range(n):
        values = {f: columns[f][i] for f in FIELDS if f in columns}
        AreaDay.objects.create(area=area, day=start + timedelta(days=i), stations=1, **values)


def add_constant(area: str, start: date, n: int, pm25: float) -> None:
    add_days(
        area,
        start,
        so2=[6] * n,
        no2=[20] * n,
        co=[0.6] * n,
        o3_8h=[100] * n,
        pm10=[50] * n,
        pm25=[pm25] * n,
        aqi=[60] * n,
        level=[2] * n,
    )


@pytest.fixture
def march_2026() -> None:
    """Four city days in March 2026, the same month of 2025 and two districts."""
    add_days(
        CITY,
        date(2026, 3, 1),
        so2=[10, 10, 10, 10],
        no2=[20, 30, 40, 50],
        co=[0.5, 0.6, 0.7, 0.8],
        o3_8h=[100, 120, 140, 160],
        pm10=[60, 70, 80, 90],
        pm25=[30, 40, 50, 60],
        aqi=[50, 100, 101, 151],
        level=[1, 2, 3, 4],
    )
    add_days(
        CITY,
        date(2025, 3, 1),
        so2=[10, 10],
        no2=[35, 35],
        co=[0.8, 0.8],
        o3_8h=[150, 150],
        pm10=[75, 75],
        pm25=[50, 50],
        aqi=[120, 80],
        level=[3, 2],
    )
    add_constant("东区", date(2026, 3, 1), 4, pm25=60)
    add_constant("西区", date(2026, 3, 1), 4, pm25=30)
    add_constant(CITY, date(2026, 4, 30), 1, pm25=30)  # another month stays out


def test_monthly_report_reads_city_districts_and_last_year(march_2026: None) -> None:
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    city = report.city
    assert city.valid_days == 4 and city.no_aqi_days == 27
    assert city.level_days == {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0}
    assert city.good_ratio == pytest.approx(50.0)
    assert city.concentrations["pm25"] == pytest.approx(45)
    assert city.concentrations["no2"] == pytest.approx(35)
    # CO P95 of 4: k = 1 + 3·0.95 = 3.85 → 0.7 + 0.85·0.1; O3 P90: k = 3.7 → 140 + 0.7·20
    assert city.concentrations["co"] == pytest.approx(0.785)
    assert city.concentrations["o3_8h"] == pytest.approx(154)
    # Transitional GB 3095-2026 limits, printed values (CO 0.785 → 0.8; decision 0015):
    # 10/60 + 35/40 + 0.8/4 + 154/160 + 75/60 + 45/30
    assert report.limits == GB3095_2026_TRANSITIONAL
    assert city.composite.total == pytest.approx(4.954167, abs=1e-6)
    assert city.composite.published == 4.95
    assert city.composite.largest == "pm25"
    # Four days: not a complete month, so neither compared nor ranked (GB 3095 Table 4)
    assert not report.complete and city.valid_days == 4
    assert report.last_year is not None and report.last_year.aqi_days == 2
    assert report.change is None and report.ranking == []


def test_monthly_report_without_data_or_out_of_range(march_2026: None) -> None:
    assert selectors.monthly_report(2026, 2) is None
    assert selectors.monthly_report(2026, 13) is None
    assert selectors.monthly_report(2026, 0) is None


def test_report_months_newest_first(march_2026: None) -> None:
    assert selectors.report_months() == [date(2026, 4, 1), date(2026, 3, 1), date(2025, 3, 1)]


def test_report_from_ingested_hours() -> None:
    save_station(actor=None, code="A1", name="甲", district="东区", latitude=31, longitude=120)
    start = datetime(2026, 3, 10, tzinfo=CST)
    lines = [
        f"A1,{(start + timedelta(hours=h)).isoformat()},6,30,0.6,80,60,40" for h in range(1, 25)
    ]
    ingest_payload(
        actor=None,
        content=("station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines) + "\n").encode(),
        filename="day.csv",
    )
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    assert report.city.valid_days == 1
    assert report.city.concentrations["pm25"] == pytest.approx(40)
    assert report.last_year is None and report.change is None
    assert report.ranking == []  # one day: not a complete month


# --------------------------------------------------------------------------- views


def test_index_empty_state(client: Client) -> None:
    response = client.get(reverse("air:report_index"))
    assert response.status_code == 200
    assert b'class="empty-state"' in response.content


def test_index_lists_months_newest_first(client: Client, march_2026: None) -> None:
    html = client.get(reverse("air:report_index")).content.decode()
    april = html.index(reverse("air:report", args=(2026, 4)))
    march = html.index(reverse("air:report", args=(2026, 3)))
    last_march = html.index(reverse("air:report", args=(2025, 3)))
    assert april < march < last_march
    assert reverse("air:report_pdf", args=(2026, 3)) == "/environment/air/report/2026-3.pdf"


def test_page_shows_the_numbers(client: Client, march_2026: None) -> None:
    response = client.get("/environment/air/report/2026-3/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "50.0%" in html  # good-days ratio
    assert "4.95" in html  # composite index
    assert ">45<" in html  # PM2.5 mean
    assert ">154<" in html  # O3 P90
    assert ">0.8<" in html  # CO P95 0.785 to one decimal
    assert 'id="report-status"' in html  # four days: an incomplete month
    assert "轻度污染" in html  # level names printed beside the colours
    assert html.count("<caption>") >= 3
    assert html.count('<img src="data:image/png;base64,') == 2  # not ranked: no ranking chart
    assert 'alt=""' not in html
    assert reverse("air:report_pdf", args=(2026, 3)) in html
    assert reverse("air:report_docx", args=(2026, 3)) in html
    assert '<a href="/environment/">' in html  # breadcrumbs through 环境质量
    # Headings in order: one h1, then h2 sections.
    assert html.index("<h1") < html.index("<h2")


def test_page_in_english_uses_english_level_names(client: Client, march_2026: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/environment/air/report/2026-3/").content.decode()
    assert "Lightly polluted" in html
    assert "March 2026" in html


def test_page_without_last_year(client: Client) -> None:
    add_constant(CITY, date(2026, 5, 1), 3, pm25=20)
    html = client.get("/environment/air/report/2026-5/").content.decode()
    last_year = html[html.index('id="report-last-year"') : html.index('id="report-ranking"')]
    assert 'class="empty-state"' in last_year and "<table" not in last_year
    assert html.count('<img src="data:image/png;base64,') == 2  # no districts: no ranking


@pytest.mark.parametrize(
    "path",
    [
        "/environment/air/report/2026-2/",
        "/environment/air/report/2026-13/",
        "/environment/air/report/2026-0/",
        "/environment/air/report/2026-13.pdf",
        "/environment/air/report/2026-2.pdf",
        "/environment/air/report/2026-2.docx",
    ],
)
def test_404_for_months_without_data(client: Client, march_2026: None, path: str) -> None:
    assert client.get(path).status_code == 404


def test_pdf_download(client: Client, march_2026: None) -> None:
    response = client.get(reverse("air:report_pdf", args=(2026, 3)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="air-report-2026-03.pdf"'
    assert response.content.startswith(b"%PDF")


def test_pdf_document_has_pages(march_2026: None) -> None:
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    with translation.override("zh-hans"):
        document = documents.pdf_document(report)
    assert len(document.pages) >= 1


def test_docx_download(client: Client, march_2026: None) -> None:
    response = client.get(reverse("air:report_docx", args=(2026, 3)))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="air-report-2026-03.docx"'
    document = docx.Document(BytesIO(response.content))
    # levels, days, concentrations: an incomplete month is neither compared nor ranked
    assert len(document.tables) == 3
    assert len(document.tables[1].rows) == 1 + 31  # header and every day of March
    assert len(document.inline_shapes) == 2  # levels and daily AQI; no ranking chart
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "4.95" in " ".join(p.text for p in document.paragraphs)
    assert {"45", "154"} <= cells
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert all(descriptions)  # every picture has its alternative text


def test_charts_are_png(march_2026: None) -> None:
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    drawn = documents.charts(report)
    assert [c.key for c in drawn] == ["levels", "daily"]  # an incomplete month: no ranking
    assert all(c.png.startswith(b"\x89PNG") for c in drawn)


@pytest.mark.django_db
def test_report_files_are_rendered_again_after_new_data(settings) -> None:
    from lantian.air import selectors as air_selectors
    from lantian.air.services import ingest_payload as ingest
    from lantian.air.services import save_station as add_station

    before = air_selectors.data_version()
    add_station(actor=None, code="9001A", name="站", district="区", latitude=31.0, longitude=120.0)
    ingest(
        actor=None,
        content=b"station,time,pm25\n9001A,2026-03-02 01:00,40\n",
        filename="v.csv",
    )
    assert air_selectors.data_version() > before
