"""Downloads of the filtered project list (CSV, XLSX, GeoJSON) and its map: the same
projects as the page, every column, coordinates in GeoJSON order (lon, lat), and a bad
``format`` is a 404, not a 500."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from openpyxl import load_workbook

from lantian.eia import services, views
from tests.eia.conftest import Plants, Record, english, get, project
from tests.sources.conftest import POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    cache.clear()
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        yield


def download(fmt: str, **params: str):
    response = english().get("/eia/projects/", {**params, "format": fmt})
    assert response.status_code == 200, (fmt, params, response.status_code)
    return response


def test_the_csv_has_the_filtered_projects_with_every_column(record: Record) -> None:
    response = download("csv", year="2026")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="eia-projects.csv"' in response["Content-Disposition"]
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert header[:4] == ["ID", "Project", "Builder", "Builder's credit code"]
    assert header[-2:] == ["Completion acceptance notice from", "Completion acceptance notice to"]
    (row,) = rows  # 2026 only: the report book
    values = dict(zip(header, row, strict=True))
    assert values["ID"] == str(record.book.pk)
    assert values["Builder's credit code"] == POWER_PLANT
    assert (values["Latitude"], values["Longitude"]) == ("31.301000", "120.601000")
    assert values["Industry code"] == "4412" and values["Stage"] == "Decided"
    assert values["EIA category"] == "Environmental impact report"
    assert values["Accepted"] == "2026-02-09" and values["Decided"] == "2026-03-31"
    assert values["Decision"] == "Approved" and values["Decision number"] == "示环审〔2026〕12号"
    assert values["Acceptance notice from"] == "2026-02-10"
    assert values["Decision notice to"] == "2026-04-24"
    assert values["Completion acceptance notice from"] == ""


def test_the_xlsx_opens_with_the_filtered_projects(record: Record) -> None:
    response = download("xlsx", stage="acceptance")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[0] == "ID" and len(rows) == 1
    values = dict(zip(header, rows[0], strict=True))
    assert values["ID"] == record.form.pk and values["Builder's credit code"] == WWTP
    assert values["Accepted"] == datetime(2025, 10, 20)
    assert values["Acceptance notice to"] == datetime(2025, 11, 3)
    assert values["Stage"] == "Acceptance notice"


def test_the_geojson_has_placed_projects_lon_first(record: Record, plants: Plants) -> None:
    nowhere = project(plants, name="无坐标项目", latitude=None, longitude=None)
    services.add_notice(
        actor=None,
        project=nowhere,
        kind="acceptance",
        starts_on=date(2026, 5, 6),
        ends_on=date(2026, 5, 20),
    )
    response = download("geojson", q="热电")
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    (feature,) = body["features"]  # the project without a location is not a point
    assert feature["geometry"] == {"type": "Point", "coordinates": [120.601, 31.301]}
    assert feature["properties"]["id"] == record.book.pk
    assert feature["properties"]["stage"] == "decided"
    assert feature["properties"]["url"] == f"http://testserver/eia/projects/{record.book.pk}/"
    assert json.loads(download("geojson", q="不存在").content)["features"] == []


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV", "csv\x00", "../etc"])
def test_a_bad_format_is_a_404(record: Record, fmt: str) -> None:
    assert english().get("/eia/projects/", {"format": fmt}).status_code == 404


def test_a_hidden_project_is_in_no_download(record: Record) -> None:
    for fmt in ("csv", "geojson"):
        assert record.hidden.name not in download(fmt).content.decode("utf-8-sig")


def test_the_page_links_the_downloads_and_draws_the_map(record: Record) -> None:
    page = get("/eia/projects/", year="2026")
    assert 'href="?year=2026&amp;format=csv"' in page
    assert 'href="?year=2026&amp;format=geojson"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert f'href="/eia/projects/{record.book.pk}/" aria-label="{record.book.name}"' in page
    assert f'aria-label="{record.form.name}"' not in page  # filtered out of the map too
    assert "The projects found with a location" in page


def test_too_many_projects_are_listed_not_drawn(
    record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAP_MAX", 1)
    page = get("/eia/projects/")
    assert "air-map__svg" not in page and "The map shows at most 1 projects" in page
    assert "air-map__svg" in get("/eia/projects/", year="2026")
