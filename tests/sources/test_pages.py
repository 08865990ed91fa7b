"""Public pages: the enterprise search with downloads and map, one page per enterprise
(ECHO's facility report: basics, permit, outlets and limits, latest values, quarterly
grid, exceedances, each with its last-updated stamp), and the exceedance list."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
import time_machine
from django.test import Client

from lantian.sources import services

from .conftest import HEADER, POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_data(plants):
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    services.save_permit(
        actor=None,
        enterprise=plants.power,
        number="91320500MA1XAB1265001P",
        management_class="key",
        valid_from="2023-01-01",
        valid_to="2027-12-31",
    )
    hours = [(40, 6), (150, 6), (160, 6), (45, 9)]
    rows = "".join(
        f"{POWER_PLANT},DA001,a21026,2026-03-01T{h:02d}:00,2026-03-01T{h + 1:02d}:00,"
        f"{value},mg/m3,{o2},N\n"
        for h, (value, o2) in enumerate(hours)
    )
    services.ingest_payload(actor=None, content=(HEADER + rows).encode(), filename="s.csv")
    return plants


def test_the_enterprise_search_lists_filters_and_downloads(with_data):
    client = Client()
    page = client.get("/sources/enterprises/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "示范热电有限公司" in html and "示范市城东污水处理厂" in html
    assert "public" in page["Cache-Control"]
    found = client.get("/sources/enterprises/", {"key_unit_year": "2026"}).content.decode()
    assert "示范热电有限公司" in found and "示范市城东污水处理厂" not in found
    nothing = client.get("/sources/enterprises/", {"q": "没有这家企业"}).content.decode()
    assert "empty-state" in nothing
    table = client.get("/sources/enterprises/", {"q": "热电", "format": "csv"})
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert rows[1][0] == POWER_PLANT and rows[1][7] == "2026 大气环境 国家级"
    geo = json.loads(client.get("/sources/enterprises/", {"format": "geojson"}).content)
    (feature,) = geo["features"]  # only the plant has a location
    assert feature["geometry"]["coordinates"] == [120.6, 31.3]
    assert feature["properties"]["credit_code"] == POWER_PLANT


def test_a_bad_filter_is_a_form_error_not_a_500(with_data):
    page = Client().get("/sources/enterprises/", {"key_unit_year": "abc", "district": "x" * 80})
    assert page.status_code == 200
    dates = Client().get("/sources/exceedances/", {"start": "0001-01-01", "end": "9999-99-99"})
    assert dates.status_code == 200


@time_machine.travel("2026-03-10 12:00 +0800", tick=False)
def test_the_enterprise_page_shows_each_block(with_data):
    page = Client().get(f"/sources/enterprises/{POWER_PLANT}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        POWER_PLANT,
        "91320500MA1XAB1265001P",  # the permit
        "重点管理",
        "GB 13223-2011 表1",  # the limit's source
        "排污许可证",  # the permit's NOx limit
        "企业自行监测数据，未经审核",
        "2026Q1",  # the compliance grid
        "sources-charts-data",
    ):
        assert text in html, text
    assert html.count("更新日期") >= 3  # each block says when it last changed
    # the latest hour: 45 at 9 % O2 corrects to 56.25 at 6 %
    assert "56.25" in html
    assert Client().get("/sources/enterprises/91320500MA1XAB1266/").status_code == 404


def test_the_water_plant_page_without_data_says_so(with_data):
    html = Client().get(f"/sources/enterprises/{WWTP}/").content.decode()
    assert "尚未报送自行监测数据" in html or "No self-monitoring data" in html


def test_the_exceedance_list_labels_and_downloads(with_data):
    client = Client()
    html = client.get("/sources/exceedances/").content.decode()
    assert "示范热电有限公司" in html and "企业自行监测数据，未经审核" in html
    sheet = client.get("/sources/exceedances/", {"credit_code": POWER_PLANT, "format": "csv"})
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][6] == "160.0"


@time_machine.travel("2026-01-03 12:00 +0800", tick=False)
def test_the_years_exceedance_rate_is_labelled_when_data_are_thin(plants):
    from lantian.sources import rates

    # 2 January: 24 valid hours of 48 elapsed (50 % coverage), 2 of them over the limit
    hours = [(150 if h in (3, 4) else 40) for h in range(24)]
    rows = "".join(
        f"{POWER_PLANT},DA001,a21026,2026-01-02T{h:02d}:00,"
        + (f"2026-01-02T{h + 1:02d}:00" if h < 23 else "2026-01-03T00:00")
        + f",{v},mg/m3,6,N\n"
        for h, v in enumerate(hours)
    )
    services.ingest_payload(actor=None, content=(HEADER + rows).encode(), filename="r.csv")
    (rate,) = rates.year_rates(plants.power, 2026, date(2026, 1, 3))
    assert (rate.valid, rate.exceeding, rate.expected) == (24, 2, 48)
    assert rate.rate == pytest.approx(2 / 24) and not rate.complete
    html = Client().get(f"/sources/enterprises/{POWER_PLANT}/").content.decode()
    assert "8.3 %" in html and "数据不完整" in html
